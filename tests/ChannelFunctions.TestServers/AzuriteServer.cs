using System.Text.RegularExpressions;

namespace ChannelFunctions.TestServers;

/// <summary>
/// Azure Storage for the integration tests: Azurite (blob, queue and table, in memory, no
/// telemetry) from <c>tests/servers/node_modules</c> on free loopback ports, or the account
/// named by <see cref="ConnectionStringVariable"/>.
/// </summary>
public sealed partial class AzuriteServer : IAsyncDisposable, IDisposable
{
    /// <summary>When set, the tests use this storage connection string and start no server.</summary>
    public const string ConnectionStringVariable = "CHANNELFUNCTIONS_TEST_STORAGE_CONNECTION_STRING";

    /// <summary>Azurite's published development account key.</summary>
    public const string AccountKey = "Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==";

    private const string AccountName = "devstoreaccount1";
    private const string Account = $"DefaultEndpointsProtocol=http;AccountName={AccountName};AccountKey={AccountKey};";
    private static readonly string[] Services = ["Blob", "Queue", "Table"];

    private readonly NodeServerProcess? _process;

    private AzuriteServer(string blobConnectionString, string connectionString, NodeServerProcess? process)
    {
        BlobConnectionString = blobConnectionString;
        ConnectionString = connectionString;
        _process = process;
    }

    /// <summary>
    /// <c>DefaultEndpointsProtocol=http;AccountName=devstoreaccount1;AccountKey=&lt;key&gt;;BlobEndpoint=http://127.0.0.1:PORT/devstoreaccount1;</c>
    /// for Azurite, or the value of <see cref="ConnectionStringVariable"/>.
    /// </summary>
    public string BlobConnectionString { get; }

    /// <summary>
    /// Like <see cref="BlobConnectionString"/> plus <c>QueueEndpoint</c> and <c>TableEndpoint</c>
    /// (what a Functions host's <c>AzureWebJobsStorage</c> needs), or the value of <see cref="ConnectionStringVariable"/>.
    /// </summary>
    public string ConnectionString { get; }

    /// <summary>True when the connection strings came from <see cref="ConnectionStringVariable"/>.</summary>
    public bool IsExternal => _process is null;

    /// <summary>Uses <see cref="ConnectionStringVariable"/> when set, otherwise starts Azurite.</summary>
    public static async Task<AzuriteServer> StartAsync(CancellationToken cancellationToken = default)
    {
        var external = Environment.GetEnvironmentVariable(ConnectionStringVariable);
        if (!string.IsNullOrWhiteSpace(external))
        {
            return new AzuriteServer(external, external, process: null);
        }

        var process = NodeServerProcess.Start(
            "Azurite",
            [
                "--require", "./exit-with-stdin.js",
                "node_modules/azurite/dist/src/azurite.js",
                "--inMemoryPersistence", "--extentMemoryLimit", "256",
                "--skipApiVersionCheck", "--disableTelemetry", "--silent",
                "--blobHost", "127.0.0.1", "--blobPort", "0",
                "--queueHost", "127.0.0.1", "--queuePort", "0",
                "--tableHost", "127.0.0.1", "--tablePort", "0",
            ]);
        try
        {
            // Port 0 lets the OS pick free ports; Azurite prints the ones it got.
            var endpoints = new Dictionary<string, Uri>();
            await process.WaitForOutputAsync(
                line =>
                {
                    if (ListeningLine().Match(line) is { Success: true } listening)
                    {
                        endpoints[listening.Groups["service"].Value] = new Uri($"{listening.Groups["address"].Value}/{AccountName}");
                    }

                    return Services.All(endpoints.ContainsKey);
                },
                cancellationToken);
            await WaitUntilAnsweringAsync(process, endpoints.Values, cancellationToken);

            var blob = $"{Account}BlobEndpoint={endpoints["Blob"]};";
            return new AzuriteServer(
                blob,
                $"{blob}QueueEndpoint={endpoints["Queue"]};TableEndpoint={endpoints["Table"]};",
                process);
        }
        catch
        {
            await process.DisposeAsync();
            throw;
        }
    }

    /// <summary>Stops Azurite (closing its input, then killing it if need be).</summary>
    public ValueTask DisposeAsync() => _process?.DisposeAsync() ?? ValueTask.CompletedTask;

    /// <inheritdoc cref="DisposeAsync"/>
    public void Dispose() => _process?.Dispose();

    /// <summary>A log line is a claim; an HTTP answer from every endpoint is the proof the tests need.</summary>
    private static async Task WaitUntilAnsweringAsync(
        NodeServerProcess process, IEnumerable<Uri> endpoints, CancellationToken cancellationToken)
    {
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(5) };
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        deadline.CancelAfter(NodeServerProcess.ReadinessTimeout);
        try
        {
            foreach (var endpoint in endpoints)
            {
                while (!await AnswersAsync(http, endpoint, deadline.Token))
                {
                    await Task.Delay(TimeSpan.FromMilliseconds(100), deadline.Token);
                }
            }
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            throw process.Failure("did not answer HTTP requests in time");
        }
    }

    private static async Task<bool> AnswersAsync(HttpClient http, Uri endpoint, CancellationToken cancellationToken)
    {
        try
        {
            // Any status will do: unauthenticated requests get 4xx.
            using var response = await http.GetAsync(endpoint, cancellationToken);
            return true;
        }
        catch (HttpRequestException)
        {
            return false;
        }
    }

    [GeneratedRegex(@"^Azurite (?<service>Blob|Queue|Table) service is successfully listening at (?<address>http://\S+?)/?$")]
    private static partial Regex ListeningLine();
}
