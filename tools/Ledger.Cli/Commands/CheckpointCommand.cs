using System.Net;

namespace Ledger.Cli.Commands;

/// <summary><c>ledger checkpoint</c>: asks the running daemon to seal a checkpoint now.</summary>
internal sealed class CheckpointCommand : ICliCommand
{
    public string Name => "checkpoint";
    public string Summary => "seal a checkpoint now (asks the running daemon)";
    public IReadOnlyList<string> ValueOptions => ["--label", "--url"];
    public IReadOnlyList<string> FlagOptions => [];

    public string Usage => """
        usage: ledger checkpoint [--label LABEL] [--url http://127.0.0.1:5580]
          Seals the records persisted since the last checkpoint into checkpoints/{time}_{LABEL}.json and .parquet
          and prints the manifest entry. LABEL: 1-64 letters, digits, '-' or '_' (default "manual").
        """;

    public async Task<int> RunAsync(CliArguments args, CancellationToken cancellationToken)
    {
        var label = args.Get("--label") ?? "manual";
        if (!Ledger.Core.Checkpoints.CheckpointLabel.IsValid(label))
        {
            throw new UsageException($"invalid label '{label}': use 1-64 letters, digits, '-' or '_'");
        }
        var url = (args.Get("--url") ?? CliDefaults.HttpUrl()).TrimEnd('/');
        using var http = new HttpClient { Timeout = TimeSpan.FromMinutes(5) };
        HttpResponseMessage response;
        try
        {
            response = await http.PostAsync($"{url}/api/checkpoints?label={Uri.EscapeDataString(label)}", null, cancellationToken).ConfigureAwait(false);
        }
        catch (HttpRequestException ex)
        {
            Console.Error.WriteLine($"ledger checkpoint: the daemon at {url} did not answer ({ex.Message}); is it running? (./manage.sh status)");
            return 1;
        }
        var body = await response.Content.ReadAsStringAsync(cancellationToken).ConfigureAwait(false);
        switch (response.StatusCode)
        {
            case HttpStatusCode.Created:
                Console.WriteLine(body);
                return 0;
            case HttpStatusCode.Conflict:
                Console.WriteLine("nothing to seal: nothing was persisted since the last checkpoint");
                return 0;
            default:
                Console.Error.WriteLine($"ledger checkpoint: {(int)response.StatusCode} {body}");
                return 1;
        }
    }
}
