using System.Text;
using System.Text.Json;
using ChannelFunctions.Core.Documents;
using Newtonsoft.Json;
using Newtonsoft.Json.Linq;

namespace ChannelFunctions.Tests.Documents;

/// <summary>
/// The duplicate rule against the two re-serializers between a sender and the comparison: the Functions host's
/// Event Grid extension, which parses each event with Newtonsoft.Json and writes it back
/// (<c>JsonConvert.SerializeObject(JObject.Parse(x))</c>, default settings, as the host does), and the store.
/// </summary>
public sealed class DuplicateRuleTests
{
    /// <summary>What the host hands the worker for an event it received as <paramref name="json"/>.</summary>
    private static string ThroughTheHost(string json) => JsonConvert.SerializeObject(JObject.Parse(json));

    /// <summary>Compares the two as the worker gets them: UTF-8, where an unpaired surrogate is written as U+FFFD.</summary>
    private static bool Same(string stored, string incoming)
    {
        using var left = JsonDocument.Parse(Encoding.UTF8.GetBytes(stored));
        using var right = JsonDocument.Parse(Encoding.UTF8.GetBytes(incoming));
        return DuplicateRule.IsSameEvent(left.RootElement, right.RootElement);
    }

    public static TheoryData<string> Redelivered() =>
    [
        Encoding.UTF8.GetString(TestEvents.SpecExample),
        """{"id":"a","source":"/channel","time":"2022-08-30T14:34:36.6134320Z","data":{"timestamp":"2022-08-30T14:34:36.100Z"}}""",
        """{"id":"a","time":"2022-08-30T16:34:36+02:00","data":{"at":"2022-08-30T16:34:36.5-05:30","local":"2022-08-30T16:34:36.100"}}""",
        """{"id":"a","data":{"note":"caf\u00e9 \/ \u2028 \ud83d\udcac","tab":"\t","quote":"\"","n":[1,1.0,1.50,-0,1e-07,1E+3,100]}}""",
        """{"id":"a","data":{"note":"\ud800","pair":"\udcac\ud83d"}}""",
        """{"id":"a","data":{"big":9007199254740993,"huge":123456789012345678901234567890,"tiny":0.10000000000000000001}}""",
        """{"id":"a","data":{"dup":1,"dup":2,"nested":{"x":"y","x":"z"}}}""",
        """{"id":"a","data":{"empty":{},"list":[],"null":null,"yes":true,"no":false,"text":"2022-08-30"}}""",
    ];

    [Theory]
    [MemberData(nameof(Redelivered))]
    public void An_event_re_serialized_by_the_host_is_the_same_event(string original)
    {
        var redelivered = ThroughTheHost(original);

        Assert.True(Same(original, redelivered), $"{original}\n{redelivered}");
        Assert.True(Same(redelivered, original));
    }

    [Fact]
    public void The_host_does_rewrite_what_the_rule_has_to_forgive()
    {
        // If Newtonsoft stopped rewriting these, the tests above would prove less than they say.
        var redelivered = ThroughTheHost("""{"a":"2022-08-30T14:34:36.6134320Z","b":"2022-08-30T14:34:36.100Z","c":"\u00e9","d":1,"d":2}""");

        Assert.Equal("""{"a":"2022-08-30T14:34:36.613432Z","b":"2022-08-30T14:34:36.1Z","c":"é","d":2}""", redelivered);
    }

    [Theory]
    [InlineData("""{"n":9007199254740993}""", """{"n":9007199254740992}""")]
    [InlineData("""{"n":1e-07}""", """{"n":1e-7}""")]
    [InlineData("""{"n":0.1}""", """{"n":0.10000000000000000001}""")]
    public void Numbers_are_the_same_when_they_are_the_same_double(string stored, string incoming) =>
        Assert.True(Same(stored, incoming));

    [Theory]
    [InlineData("""{"a":"x"}""", """{"a":"y"}""")]
    [InlineData("""{"a":"x"}""", """{"a":"x","b":"x"}""")]
    [InlineData("""{"a":"x","b":"x"}""", """{"a":"x"}""")]
    [InlineData("""{"a":[1,2]}""", """{"a":[2,1]}""")]
    [InlineData("""{"a":[1,2]}""", """{"a":[1,2,3]}""")]
    [InlineData("""{"a":1}""", """{"a":1.0000001}""")]
    [InlineData("""{"a":1}""", """{"a":"1"}""")]
    [InlineData("""{"a":true}""", """{"a":false}""")]
    [InlineData("""{"a":null}""", """{}""")]
    [InlineData("""{"t":"2022-08-30T14:34:36.088Z"}""", """{"t":"2022-08-30T14:34:36.089Z"}""")]
    [InlineData("""{"t":"2022-08-30T14:34:36Z"}""", """{"t":"2022-08-30T14:34:36"}""")]
    [InlineData("""{"t":"2022-08-30T14:34:36.088Z"}""", """{"t":"2022-08-30t14:34:36.088z"}""")]
    [InlineData("""{"s":"\ud800"}""", """{"s":"x"}""")]
    public void A_real_difference_in_content_is_a_conflict(string stored, string incoming)
    {
        Assert.False(Same(stored, incoming));
        Assert.False(Same(incoming, stored));
    }

    [Fact]
    public void A_stored_lone_surrogate_compares_without_throwing()
    {
        // Today's comparison (JsonElement.DeepEquals) throws InvalidOperationException on it, failing every redelivery.
        var stored = """{"id":"a","data":{"note":"\ud800"}}""";

        Assert.True(Same(stored, stored));
        Assert.True(Same(stored, """{"id":"a","data":{"note":"\uFFFD"}}"""));
        Assert.False(Same(stored, """{"id":"a","data":{"note":"\ud800 "}}"""));
    }
}
