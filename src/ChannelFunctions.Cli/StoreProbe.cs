using System.Net.Sockets;
using Azure.Storage.Blobs;
using Microsoft.Azure.Cosmos;
using Microsoft.Extensions.DependencyInjection;

namespace ChannelFunctions.Cli;

/// <summary>
/// Whether the stores a command needs are there: checked before it starts, so a store that is not running is reported
/// at once, with what to do, instead of after the SDKs' retries; and, mid-run, the address that stopped answering.
/// </summary>
internal static class StoreProbe
{
    // How long a store may take to accept a connection before the CLI says it is not there.
    private static readonly TimeSpan ReachTimeout = TimeSpan.FromSeconds(3);

    /// <summary>Checks that each store of <paramref name="needs"/> accepts a connection.</summary>
    /// <exception cref="CliUsageException">A store's setting is unreadable, or nothing answers at its endpoint.</exception>
    public static async Task ReachAsync(IServiceProvider services, Stores needs, CliSettings settings, CancellationToken cancellationToken)
    {
        if (needs.HasFlag(Stores.Events))
        {
            var cosmos = Endpoint(() => services.GetRequiredService<CosmosClient>().Endpoint, "Cosmos__ConnectionString", "AccountEndpoint=https://…;AccountKey=…;", settings);
            await ReachAsync(cosmos, "Cosmos DB", settings, cancellationToken).ConfigureAwait(false);
        }

        if (needs.HasFlag(Stores.RejectedEvents))
        {
            var blobs = Endpoint(() => services.GetRequiredService<BlobServiceClient>().Uri, "RejectedEvents__ConnectionString", "DefaultEndpointsProtocol=…;AccountName=…;AccountKey=…;BlobEndpoint=…;", settings);
            await ReachAsync(blobs, "Blob storage", settings, cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>The address that refused a connection somewhere inside <paramref name="exception"/>, if one did.</summary>
    public static string? Refused(Exception exception)
    {
        var pending = new Stack<Exception>([exception]);
        while (pending.TryPop(out var current))
        {
            if (current is HttpRequestException { HttpRequestError: HttpRequestError.ConnectionError } http
                && http.InnerException is SocketException { SocketErrorCode: SocketError.ConnectionRefused })
            {
                // "Connection refused (127.0.0.1:38337)": the address is in the message's parentheses.
                var message = http.Message;
                var open = message.LastIndexOf('(');
                return open >= 0 && message.EndsWith(')') ? message[(open + 1)..^1] : "a store's address";
            }

            if (current is AggregateException aggregate)
            {
                aggregate.InnerExceptions.ToList().ForEach(pending.Push);
            }
            else if (current.InnerException is { } inner)
            {
                pending.Push(inner);
            }
        }

        return null;
    }

    /// <summary>A store client's endpoint; a connection string the SDK cannot read is reported by its setting's name.</summary>
    private static Uri Endpoint(Func<Uri> endpoint, string setting, string shape, CliSettings settings)
    {
        try
        {
            return endpoint();
        }
        catch (Exception ex) when (ex is ArgumentException or FormatException or UriFormatException)
        {
            throw new CliUsageException($"The setting {setting} is not a connection string the SDK can read ({CliFailures.FirstLine(ex.Message)}); "
                + $"expected {shape} Settings read from: {settings.Source}.");
        }
    }

    private static async Task ReachAsync(Uri endpoint, string store, CliSettings settings, CancellationToken cancellationToken)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(ReachTimeout);
        using var client = new TcpClient();
        try
        {
            await client.ConnectAsync(endpoint.Host, endpoint.Port, timeout.Token).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is SocketException || (ex is OperationCanceledException && !cancellationToken.IsCancellationRequested))
        {
            throw new CliUsageException($"No {store} at {endpoint.GetLeftPart(UriPartial.Authority)}: nothing answers there. "
                + $"Is {CliSettings.RunLocal} running? Its ports change every run, and it writes the current ones into {CliSettings.LocalSettings}. "
                + $"Settings read from: {settings.Source}.");
        }
    }
}
