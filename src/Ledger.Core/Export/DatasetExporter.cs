using System.Globalization;
using System.Text.Json;
using Ledger.Core.Journal;
using Ledger.Core.Records;

namespace Ledger.Core.Export;

/// <summary>
/// Exports the whole history (rotated segments, then the journal) as a Hive-partitioned dataset:
/// <c>DIR/date=YYYY-MM-DD/part-NNNNN.parquet</c> (or .jsonl), partitioned by the record's UTC Timestamp date.
/// </summary>
/// <remarks>
/// No <c>date</c> column is stored inside the files: readers take it from the path (pyarrow refuses a file column
/// and a partition key of the same name; parquet-writing brief §9). Each part is written as a dot-prefixed temp file
/// and renamed when complete, so readers never see a partial file. Memory: at most
/// <see cref="ExportOptions.MaxOpenPartitions"/> part files are open; when records of another date arrive, the least
/// recently used part is completed and that date continues in a new part.
/// </remarks>
public sealed class DatasetExporter
{
    private readonly string _dataDirectory;
    private readonly ExportOptions _options;

    public DatasetExporter(string dataDirectory, ExportOptions options)
    {
        _dataDirectory = dataDirectory;
        _options = options;
    }

    /// <summary>Input files in the order they are read, with their sizes (for progress).</summary>
    public IReadOnlyList<(string Path, long Bytes)> InputFiles()
    {
        var layout = new DataDirectoryLayout(_dataDirectory);
        var files = layout.SegmentFiles().ToList();
        if (File.Exists(layout.Journal))
        {
            files.Add(layout.Journal);
        }
        return files.Select(f => (f, new FileInfo(f).Length)).ToList();
    }

    /// <summary>Writes the dataset under <paramref name="outputDirectory"/>.</summary>
    /// <param name="outputDirectory">Created if missing; must not already hold date= partitions.</param>
    /// <param name="progress">Called with (input bytes done, records exported) as the export advances.</param>
    public ExportResult Export(string outputDirectory, Action<long, long>? progress = null)
    {
        Directory.CreateDirectory(outputDirectory);
        if (Directory.EnumerateDirectories(outputDirectory, "date=*").Any())
        {
            throw new IOException($"{outputDirectory} already holds an exported dataset (date=… folders); export into a new or empty directory");
        }
        var open = new Dictionary<string, PartWriter>(StringComparer.Ordinal);
        var nextPart = new Dictionary<string, int>(StringComparer.Ordinal);
        var written = new List<string>();
        long bytes = 0, records = 0, doneBytes = 0, tick = 0;
        var lastDay = DateTime.MinValue;
        var date = "";

        bool Selected(DateTime timestamp) =>
            (_options.From is not { } from || timestamp >= from) && (_options.To is not { } to || timestamp < to);

        PartWriter WriterFor(DateTime timestamp)
        {
            if (timestamp.Date != lastDay)
            {
                // Records arrive mostly in date order: format the partition key once per change, not per record.
                lastDay = timestamp.Date;
                date = lastDay.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
            }
            if (open.TryGetValue(date, out var writer))
            {
                return writer;
            }
            if (open.Count >= _options.MaxOpenPartitions)
            {
                var oldest = open.MinBy(p => p.Value.LastUsed);
                bytes += oldest.Value.Complete();
                open.Remove(oldest.Key);
            }
            var part = nextPart.GetValueOrDefault(date);
            nextPart[date] = part + 1;
            var extension = _options.Format == ExportFormat.Parquet ? "parquet" : "jsonl";
            var relative = Path.Combine($"date={date}", $"part-{part:D5}.{extension}");
            writer = new PartWriter(Path.Combine(outputDirectory, relative), _options);
            written.Add(relative);
            open[date] = writer;
            return writer;
        }

        void Count()
        {
            if ((++records & 0x3FFF) == 0)
            {
                progress?.Invoke(doneBytes, records);
            }
        }

        try
        {
            foreach (var (path, size) in InputFiles())
            {
                if (_options.Format == ExportFormat.Parquet)
                {
                    // Parquet stores strings as UTF-8: the journal's bytes go in as they are, no string per value.
                    foreach (var batch in ParallelJournalReader.ReadRowBatches(path))
                    {
                        foreach (ref readonly var row in batch.Rows)
                        {
                            if (Selected(row.Timestamp))
                            {
                                WriterFor(row.Timestamp).WriteRow(in row, batch.Buffer, ++tick);
                                Count();
                            }
                        }
                    }
                }
                else
                {
                    foreach (var record in ParallelJournalReader.ReadFile(path))
                    {
                        if (Selected(record.Timestamp))
                        {
                            WriterFor(record.Timestamp).WriteRecord(record, ++tick);
                            Count();
                        }
                    }
                }
                doneBytes += size;
                progress?.Invoke(doneBytes, records);
            }
            foreach (var writer in open.Values)
            {
                bytes += writer.Complete();
            }
            open.Clear();
        }
        finally
        {
            foreach (var writer in open.Values)
            {
                writer.Abandon();
            }
        }
        return new ExportResult(records, written, bytes);
    }

    /// <summary>One part file being written under a temp name.</summary>
    private sealed class PartWriter
    {
        private readonly string _path;
        private readonly string _temp;
        private readonly FileStream _stream;
        private readonly RecordParquetWriter? _parquet;
        private readonly Utf8JsonWriter? _json;

        public PartWriter(string path, ExportOptions options)
        {
            _path = path;
            var directory = Path.GetDirectoryName(path)!;
            Directory.CreateDirectory(directory);
            _temp = Path.Combine(directory, "." + Path.GetFileName(path) + ".tmp");
            _stream = new FileStream(_temp, FileMode.Create, FileAccess.Write, FileShare.None, 1 << 16);
            if (options.Format == ExportFormat.Parquet)
            {
                // A part file is written by one thread; encoding full row groups in the background uses the second core.
                _parquet = new RecordParquetWriter(_stream, options.Parquet with { EncodeInBackground = true });
            }
            else
            {
                _json = new Utf8JsonWriter(_stream, LedgerRecordJson.WriterOptions);
            }
        }

        public long LastUsed { get; private set; }

        /// <summary>Writes a journal row to a Parquet part.</summary>
        public void WriteRow(in JournalRow row, JournalRowBuffer buffer, long tick)
        {
            LastUsed = tick;
            _parquet!.Write(in row, buffer);
        }

        /// <summary>Writes a record to a JSONL part.</summary>
        public void WriteRecord(LedgerRecord record, long tick)
        {
            LastUsed = tick;
            _json!.Reset(_stream);
            LedgerRecordJson.Write(_json, record);
            _json.Flush();
            _stream.WriteByte((byte)'\n');
        }

        public long Complete()
        {
            _parquet?.Complete();
            _json?.Dispose();
            _stream.Flush(flushToDisk: true);
            var length = _stream.Length;
            _stream.Dispose();
            File.Move(_temp, _path);
            FileSystemDurability.FlushDirectory(Path.GetDirectoryName(_path)!);
            return length;
        }

        public void Abandon()
        {
            _parquet?.Abandon();
            _json?.Dispose();
            _stream.Dispose();
            File.Delete(_temp);
        }
    }
}
