namespace Ledger.Core.Tests.Enrichment;

/// <summary>Keeps the throughput measurement from sharing the CPU with other tests (its numbers would be meaningless).</summary>
[CollectionDefinition(ThroughputMeasurementTests.Name, DisableParallelization = true)]
public sealed class ThroughputMeasurementCollection;
