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
    [InlineData("{\"a\":1}", true)]
    [InlineData("  {\"a\":{}}\n", true)]
    [InlineData("{} {}", false)]
    [InlineData("[{}]", false)]
    [InlineData("{\"a\":", false)]
    [InlineData("", false)]
    public void Is_single_object(string json, bool expected) =>
        Assert.Equal(expected, CloudEventJson.IsSingleObject(Encoding.UTF8.GetBytes(json)));
}
