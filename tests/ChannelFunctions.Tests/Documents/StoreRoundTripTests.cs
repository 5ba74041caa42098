using System.Text;
using ChannelFunctions.Core.Documents;

namespace ChannelFunctions.Tests.Documents;

public sealed class StoreRoundTripTests
{
    [Theory]
    [InlineData("""{"a":"no numbers at all, 9007199254740993 in a string \" 123456789012345678"}""")]
    [InlineData("""{"n":[0,-0,1,-1,0.1,2.5,1e-7,1E+300,100000000000000000000,9007199254740992,123456789012345,0.000001]}""")]
    [InlineData("""{"n":1.7976931348623157e308,"m":5e-324,"o":0.30000000000000004}""")]
    public void Numbers_a_double_holds_exactly_survive(string json) =>
        Assert.True(StoreRoundTrip.Survives(Encoding.UTF8.GetBytes(json)));

    [Theory]
    [InlineData("""{"n":9007199254740993}""")]
    [InlineData("""{"n":0.10000000000000000001}""")]
    [InlineData("""{"n":12345678901234567890123}""")]
    [InlineData("""{"n":1e400}""")]
    [InlineData("""{"n":-1e400}""")]
    [InlineData("""{"n":1e-400}""")]
    [InlineData("""{"s":"\"","n":[1,2,3.00000000000000001]}""")]
    public void Numbers_beyond_a_double_do_not(string json) =>
        Assert.False(StoreRoundTrip.Survives(Encoding.UTF8.GetBytes(json)));
}
