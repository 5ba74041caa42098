using System.Text;
using ChannelFunctions.Core.Contract;

namespace ChannelFunctions.Tests.Contract;

public sealed class CloudEventJsonTests
{
    private static string[] Split(string json) =>
        [.. CloudEventJson.Split(Encoding.UTF8.GetBytes(json)).Select(part => Encoding.UTF8.GetString(part.Span))];

    [Fact]
    public void A_batch_splits_into_each_events_exact_bytes() =>
        Assert.Equal(["{\"a\": 1}", "{ \"b\":[2, 3] }", "7"], Split("[ {\"a\": 1},\n  { \"b\":[2, 3] }, 7 ]"));

    [Theory]
    [InlineData("{\"a\":1}")]
    [InlineData("not json")]
    [InlineData("[{\"a\":1}] trailing")]
    [InlineData("[{\"a\":1},")]
    public void Anything_but_a_well_formed_array_is_one_event_for_the_validator_to_judge(string json) =>
        Assert.Equal([json], Split(json));

    [Fact]
    public void A_byte_order_mark_is_not_part_of_any_event() =>
        Assert.Equal(["{}"], Split("\uFEFF[{}]"));

    [Theory]
    [InlineData("{\"a\":1}", BodyShape.SingleObject)]
    [InlineData("  {\"a\":{}}\n", BodyShape.SingleObject)]
    [InlineData("{} {}", BodyShape.Other)]
    [InlineData("[{}]", BodyShape.Other)]
    [InlineData("{\"a\":", BodyShape.Other)]
    [InlineData("", BodyShape.Other)]
    public void Shape_of_a_body(string json, BodyShape expected) =>
        Assert.Equal(expected, CloudEventJson.ShapeOf(Encoding.UTF8.GetBytes(json)));

    /// <summary>An object nested <paramref name="depth"/> levels deep, counting itself: {"a":[[…]]}.</summary>
    internal static byte[] Nested(int depth) =>
        Encoding.UTF8.GetBytes("{\"a\":" + new string('[', depth - 1) + new string(']', depth - 1) + "}");

    [Fact]
    public void An_event_may_nest_as_deep_as_its_batch_array_leaves_room_for_in_the_hosts_limit()
    {
        Assert.Equal(63, CloudEventJson.MaxEventDepth);
        Assert.Equal(BodyShape.SingleObject, CloudEventJson.ShapeOf(Nested(CloudEventJson.MaxEventDepth)));
        Assert.Equal(BodyShape.TooDeep, CloudEventJson.ShapeOf(Nested(CloudEventJson.MaxEventDepth + 1)));
        Assert.Equal(BodyShape.TooDeep, CloudEventJson.ShapeOf(Nested(100_000)));
    }

    [Fact]
    public void The_host_can_read_a_batch_of_the_deepest_event_and_not_one_level_more()
    {
        // Newtonsoft.Json, as the host's Event Grid extension reads a delivery (JToken.Parse, its default limit).
        var deepest = "[" + Encoding.UTF8.GetString(Nested(CloudEventJson.MaxEventDepth)) + "]";
        var deeper = "[" + Encoding.UTF8.GetString(Nested(CloudEventJson.MaxEventDepth + 1)) + "]";

        Newtonsoft.Json.Linq.JToken.Parse(deepest);
        Assert.Throws<Newtonsoft.Json.JsonReaderException>(() => Newtonsoft.Json.Linq.JToken.Parse(deeper));
    }

    [Fact]
    public void Splitting_never_judges_depth()
    {
        var deep = Encoding.UTF8.GetString(Nested(100_000));

        Assert.Equal(["1", deep], Split($"[1,{deep}]"));
    }
}
