using System.Text;
using System.Text.Json;
using ChannelFunctions.EventGridTriggerStandIn;
using Microsoft.Azure.Functions.Worker;
using Microsoft.Azure.Functions.Worker.Converters;

namespace ChannelFunctions.Tests.EventGrid;

public sealed class EventGridBatchConverterTests
{
    private sealed class Context(Type targetType, object? source) : ConverterContext
    {
        public override Type TargetType { get; } = targetType;
        public override object? Source { get; } = source;
        public override FunctionContext FunctionContext { get; } = new TestFunctionContext();
        public override IReadOnlyDictionary<string, object> Properties { get; } = new Dictionary<string, object>();
    }

    private static async Task<ConversionResult> Convert(object? source, Type? target = null) =>
        await new EventGridBatchConverter().ConvertAsync(new Context(target ?? typeof(BinaryData[]), source));

    private static string[] Texts(ConversionResult result) =>
        [.. ((BinaryData[])result.Value!).Select(data => data.ToString())];

    [Fact]
    public async Task Splits_a_delivered_batch_into_each_events_raw_json()
    {
        var first = Encoding.UTF8.GetString(TestEvents.Valid(id: "a"));
        var second = "{ \"id\" : \"b\",\n  \"x\": [1, 2.50] }";

        var result = await Convert($"[{first},\n {second}]");

        Assert.Equal(ConversionStatus.Succeeded, result.Status);
        Assert.Equal([first, second], Texts(result));
    }

    [Fact]
    public async Task Each_event_is_a_slice_of_one_utf8_copy_of_the_delivery()
    {
        var delivery = "[{\"a\":\"é\"},{\"b\":2}]"u8.ToArray();

        var result = await Convert(new ReadOnlyMemory<byte>(delivery));

        var events = (BinaryData[])result.Value!;
        Assert.True(System.Runtime.InteropServices.MemoryMarshal.TryGetArray(events[1].ToMemory(), out var segment));
        Assert.Same(delivery, segment.Array);
        Assert.Equal("{\"a\":\"é\"}"u8.ToArray(), events[0].ToArray());
    }

    [Fact]
    public async Task A_single_event_becomes_a_batch_of_one()
    {
        var single = Encoding.UTF8.GetString(TestEvents.SpecExample);

        var result = await Convert(single);

        Assert.Equal([single], Texts(result));
    }

    [Fact]
    public async Task The_whole_delivery_binds_to_binary_data_as_the_official_converter_offers()
    {
        var result = await Convert("[{\"a\":1}, {\"b\":2}]", typeof(BinaryData));

        Assert.Equal("[{\"a\":1}, {\"b\":2}]", ((BinaryData)result.Value!).ToString());
    }

    [Fact]
    public async Task Input_that_is_not_json_becomes_one_element_for_the_validator_to_refuse()
    {
        var result = await Convert("[{\"id\": ");

        Assert.Equal(ConversionStatus.Succeeded, result.Status);
        Assert.Equal(["[{\"id\": "], Texts(result));
    }

    [Fact]
    public async Task Bad_elements_stay_elements()
    {
        var result = await Convert("[1, \"text\", null, {}]");

        Assert.Equal(["1", "\"text\"", "null", "{}"], Texts(result));
    }

    [Fact]
    public async Task One_deeply_nested_event_does_not_swallow_its_batch()
    {
        var deep = "{\"deep\":" + new string('[', 500) + new string(']', 500) + "}";

        var result = await Convert($"[{{\"a\":1}},{deep}]");

        Assert.Equal(["{\"a\":1}", deep], Texts(result));
    }

    [Fact]
    public async Task Accepts_bytes_as_well_as_text()
    {
        Assert.Equal(["{\"a\":1}"], Texts(await Convert(new ReadOnlyMemory<byte>("[{\"a\":1}]"u8.ToArray()))));
        Assert.Equal(["{\"a\":1}"], Texts(await Convert("[{\"a\":1}]"u8.ToArray())));
    }

    [Fact]
    public async Task Leaves_other_target_types_to_other_converters()
    {
        Assert.Equal(ConversionStatus.Unhandled, (await Convert("[]", typeof(string))).Status);
        Assert.Equal(ConversionStatus.Unhandled, (await Convert("[]", typeof(string[]))).Status);
        Assert.Equal(ConversionStatus.Unhandled, (await Convert("[]", typeof(JsonElement[]))).Status);
    }

    [Fact]
    public async Task Fails_clearly_on_a_source_it_cannot_read()
    {
        var result = await Convert(42);

        Assert.Equal(ConversionStatus.Failed, result.Status);
        Assert.Contains("Int32", result.Error!.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void The_trigger_attribute_is_wired_to_the_converter()
    {
        var converters = typeof(EventGridTriggerAttribute).GetCustomAttributes(typeof(InputConverterAttribute), inherit: false)
            .Cast<InputConverterAttribute>().Select(a => a.ConverterType);

        Assert.Contains(typeof(EventGridBatchConverter), converters);
    }
}
