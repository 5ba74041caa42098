using ChannelFunctions.Core.Lookups;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Primitives;

namespace ChannelFunctions.Tests.Lookups;

/// <summary>Lookup services as the app wires them, with a fixed token key.</summary>
internal static class LookupTestSupport
{
    public const string ConversationId = "3e71f453-116a-3abc-7769-bc678ef6e080";
    public const string InteractionId = "1371f451-116a-4abc-8869-bc678ef67070";
    public const string ChannelId = "740109c1-12d5-430f-9543-131fe5c4edcb";

    public static readonly string Key = Convert.ToBase64String(Enumerable.Range(1, 32).Select(i => (byte)i).ToArray());

    public static IOptions<LookupOptions> Options(TimeSpan? maxAgentWindow = null) => Microsoft.Extensions.Options.Options.Create(new LookupOptions
    {
        ContinuationTokenKey = Key,
        MaxAgentWindow = maxAgentWindow ?? TimeSpan.FromDays(31),
    });

    public static ContinuationTokens Tokens(string? key = null, TimeProvider? time = null, string? previousKey = null) => new(
        Microsoft.Extensions.Options.Options.Create(new LookupOptions { ContinuationTokenKey = key ?? Key, PreviousContinuationTokenKey = previousKey }),
        time ?? TimeProvider.System,
        NullLogger<ContinuationTokens>.Instance);

    public static LookupRequests Requests(TimeSpan? maxAgentWindow = null) => new(Tokens(), Options(maxAgentWindow));

    /// <summary>A query string as ASP.NET Core hands it over: each name once, with its values.</summary>
    public static KeyValuePair<string, StringValues>[] Query(params (string Name, string Value)[] parameters) =>
        [.. parameters.GroupBy(p => p.Name).Select(g => KeyValuePair.Create(g.Key, new StringValues([.. g.Select(p => p.Value)])))];
}
