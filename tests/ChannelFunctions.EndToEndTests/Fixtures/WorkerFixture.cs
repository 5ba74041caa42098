using System.Security.Cryptography;
using Azure.Storage.Blobs;
using ChannelFunctions.Core.Storage;
using ChannelFunctions.EndToEndTests.TestHost;
using ChannelFunctions.EventGridHost;
using Microsoft.Azure.Cosmos;
using Microsoft.Extensions.Options;
using Xunit.Abstractions;

namespace ChannelFunctions.EndToEndTests.Fixtures;

/// <summary>
/// Azurite, the local Cosmos server and one worker process started from the app's build output with the sample
/// settings (plus a relay secret, so the relay checks signatures), shared by the tests of the
/// <see cref="WorkerCollection"/>. Tests that kill or misconfigure a worker start their own with <see cref="StartWorkerAsync"/>.
/// </summary>
public sealed class WorkerFixture : IAsyncLifetime
{
    /// <summary>The function Event Grid deliveries go to.</summary>
    public const string IngestFunction = "IngestChannelEvents";

    private readonly string _dataName = $"e2e-{Guid.NewGuid():N}"[..20];
    private AzuriteServer? _storage;
    private CosmosProtocolServer? _cosmos;
    private WorkerTestHost? _worker;
    private CosmosClient? _cosmosClient;

    /// <summary>The relay's signing secret in the shared worker's settings.</summary>
    public byte[] RelayKey { get; } = RandomNumberGenerator.GetBytes(32);

    /// <summary>The shared worker.</summary>
    public WorkerTestHost Worker => _worker ?? throw new InvalidOperationException("Not started.");

    /// <summary>Azurite.</summary>
    public AzuriteServer Storage => _storage ?? throw new InvalidOperationException("Not started.");

    /// <summary>The local Cosmos server.</summary>
    public CosmosProtocolServer Cosmos => _cosmos ?? throw new InvalidOperationException("Not started.");

    /// <summary>The shared worker's event container.</summary>
    public Container Events => _cosmosClient!.GetContainer(_dataName, "channel-events");

    /// <summary>The shared worker's store of refused events, read as the CLI reads it; dispose it.</summary>
    public BlobRejectedEventStore RejectedStore() => RejectedStore(Storage, _dataName);

    /// <summary>A store of refused events in <paramref name="containerName"/>; dispose it.</summary>
    public static BlobRejectedEventStore RejectedStore(AzuriteServer storage, string containerName) => new(
        new BlobServiceClient(storage.BlobConnectionString), Options.Create(new RejectedEventsOptions { ContainerName = containerName }));

    /// <summary>The shared worker's settings: the sample's, on the test servers, with <see cref="RelayKey"/>.</summary>
    public Dictionary<string, string?> Settings()
    {
        var settings = AppUnderTest.SampleSettings(Storage.ConnectionString, Cosmos.ConnectionString, _dataName);
        settings["Relay__Secrets__0"] = Convert.ToBase64String(RelayKey);
        settings["Relay__AllowUnsignedForLocalDevelopment"] = "false";
        return settings;
    }

    /// <summary>Starts the servers and the shared worker.</summary>
    public async Task InitializeAsync()
    {
        _storage = await AzuriteServer.StartAsync();
        _cosmos = await CosmosProtocolServer.StartAsync();
        _cosmosClient = _cosmos.CreateClient();
        _worker = await StartWorkerAsync(Settings());
        // The first write creates the database and container, which can outlast the relay's publish timeout on a
        // busy machine; one delivery first makes every test meet a warm worker.
        var warmUp = await _worker.DeliverAsync(TestEvents.Valid(id: "warm-up", conversationId: Guid.NewGuid().ToString()));
        if (warmUp.Status != System.Net.HttpStatusCode.Accepted)
        {
            throw new InvalidOperationException($"The warm-up delivery was answered {warmUp.Status}: {warmUp.Body}{Environment.NewLine}{_worker.Logs.Describe()}");
        }
        Console.WriteLine($"End-to-end tests: host extension {EventGridHostExtension.ExtensionVersion}; worker ready in {_worker.StartTimes.Ready.TotalSeconds:F1} s");
    }

    /// <summary>Starts another worker process from the build output.</summary>
    public static Task<WorkerTestHost> StartWorkerAsync(IReadOnlyDictionary<string, string?> settings, CancellationToken cancellationToken = default) =>
        WorkerTestHost.StartAsync(new WorkerTestHostOptions { AppDirectory = AppUnderTest.BuildOutput, Settings = settings }, cancellationToken);

    /// <summary>Stops the worker and the servers.</summary>
    public async Task DisposeAsync()
    {
        if (_worker is not null)
        {
            await _worker.DisposeAsync();
        }

        _cosmosClient?.Dispose();
        if (_cosmos is not null)
        {
            await _cosmos.DisposeAsync();
        }

        if (_storage is not null)
        {
            await _storage.DisposeAsync();
        }
    }
}

/// <summary>Event Grid's side of a delivery: the headers and body it sends to the webhook.</summary>
public static class EventGridDelivery
{
    /// <summary>The headers of a CloudEvents batch notification.</summary>
    public static KeyValuePair<string, string>[] NotificationHeaders { get; } =
    [
        new("aeg-event-type", "Notification"),
        new("aeg-delivery-count", "0"),
        new("aeg-metadata-version", "1"),
        new("Content-Type", "application/cloudevents-batch+json; charset=utf-8"),
    ];

    /// <summary>A CloudEvents batch body: the events' bytes, unchanged, in one JSON array.</summary>
    public static byte[] Batch(IEnumerable<byte[]> events)
    {
        using var body = new MemoryStream();
        body.WriteByte((byte)'[');
        var first = true;
        foreach (var item in events)
        {
            if (!first)
            {
                body.WriteByte((byte)',');
            }

            body.Write(item);
            first = false;
        }

        body.WriteByte((byte)']');
        return body.ToArray();
    }

    /// <summary>Delivers a batch to the ingest function through the host extension.</summary>
    public static Task<EventGridHttpResponse> DeliverAsync(this WorkerTestHost worker, params byte[][] events) =>
        worker.DeliverEventGridAsync(WorkerFixture.IngestFunction, HttpMethod.Post, NotificationHeaders, Batch(events));
}

/// <summary>Per-test worker logs: written to the test's output, which the runner shows when the test fails.</summary>
public sealed class WorkerLogScope(WorkerTestHost worker, ITestOutputHelper output) : IDisposable
{
    private readonly int _mark = worker.Logs.Mark();

    /// <inheritdoc />
    public void Dispose()
    {
        output.WriteLine($"Worker {worker.ProcessId} logs during this test (host extension {EventGridHostExtension.ExtensionVersion}):");
        worker.Logs.WriteTo(output, _mark);
    }
}
