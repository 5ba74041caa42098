using System.Security.Cryptography;
using System.Text.Json;
using BenchmarkDotNet.Attributes;
using ChannelFunctions.Core.Contract;
using ChannelFunctions.Core.Documents;
using ChannelFunctions.Core.Ingest;
using ChannelFunctions.Core.Lookups;
using ChannelFunctions.Core.Storage;
using ChannelFunctions.Core.Timeline;
using ChannelFunctions.Core.Validation;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace ChannelFunctions.Benchmarks;

/// <summary>
/// The conversation summary (<c>GET /api/conversations/{id}</c>) of a 200-event conversation (a customer and 18 agent
/// channels, each alerted, connected, held and retrieved three times, disconnected, wrapped up and ended): the
/// timeline computed from the events' promoted fields and written as the API's JSON, and the same with the events
/// read from the local Cosmos DB protocol server first, as the function does.
/// </summary>
[MemoryDiagnoser]
public class LookupBenchmarks
{
    /// <summary>How many events the conversation has.</summary>
    public const int ConversationEvents = 200;

    private const string ConversationId = "5c71f453-116a-3abc-7769-bc678ef6e0c5";
    private LocalCosmos? _cosmos;
    private CosmosChannelEventQueries _queries = null!;
    private List<ChannelEvent> _events = [];

    /// <summary>The conversation's events as VCC sends them.</summary>
    public static IReadOnlyList<byte[]> Conversation()
    {
        const string Interaction = "5d71f451-116a-4abc-8869-bc678ef670d6";
        var script = new ConversationScript(ConversationId);
        var customer = ConversationScript.Customer(Interaction);
        script.Add(customer, "alerted", 0);
        script.Add(customer, "connected", 0);
        for (var agent = 0; agent < 18; agent++)
        {
            var channel = new ScriptChannel(Interaction, $"00000000-0000-4000-8000-{agent:D12}", "agent", $"{1000 + agent}", null);
            var at = agent * 60.0;
            script.Add(channel, "alerted", at + 1);
            script.Add(channel, "connected", at + 5, version: agent % 2 == 0 ? "v0" : "v1");
            for (var hold = 0; hold < 3; hold++)
            {
                script.Add(channel, "held", at + 10 + (hold * 10));
                script.Add(channel, "retrieved", at + 15 + (hold * 10));
            }

            script.Add(channel, "disconnected", at + 50);
            script.Add(channel, "wrapstarted", at + 50);
            script.Add(channel, "ended", at + 55, reason: "released");
        }

        return script.Events;
    }

    /// <summary>Reads the events' promoted fields, starts the server and stores the conversation in it.</summary>
    [GlobalSetup]
    public void Setup()
    {
        var validator = new ChannelEventValidator();
        var conversation = Conversation();
        _events = [.. conversation.Select(raw => validator.Validate(raw).Event!)];
        _cosmos = LocalCosmos.Start("lookups");
        foreach (var channelEvent in _events)
        {
            _cosmos.Store.AddAsync(channelEvent, CancellationToken.None).GetAwaiter().GetResult();
        }

        var options = Options.Create(new LookupOptions { ContinuationTokenKey = Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)) });
        _queries = new CosmosChannelEventQueries(
            _cosmos.Container, new ContinuationTokens(options, TimeProvider.System, NullLogger<ContinuationTokens>.Instance), options, NullLogger<CosmosChannelEventQueries>.Instance);
    }

    /// <summary>The timeline from the events' promoted fields, written as the API's JSON.</summary>
    [Benchmark(Baseline = true, Description = "summary from 200 events: timeline + JSON")]
    public byte[] FromEvents() => Summary(_events);

    /// <summary>The same, with the events read from the Cosmos DB protocol server first (one partition, one query).</summary>
    [Benchmark(Description = "summary from the store: query + timeline + JSON")]
    public async Task<byte[]> FromStore() => Summary((await _queries.ReadConversationAsync(ConversationId, CancellationToken.None)).Events);

    /// <summary>Stops the server.</summary>
    [GlobalCleanup]
    public void Cleanup() => _cosmos?.Dispose();

    private static byte[] Summary(IReadOnlyList<ChannelEvent> events) =>
        JsonSerializer.SerializeToUtf8Bytes(ConversationTimeline.Build(events), LookupJson.Options);
}
