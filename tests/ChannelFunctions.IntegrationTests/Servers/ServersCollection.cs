namespace ChannelFunctions.IntegrationTests.Servers;

/// <summary>
/// The xunit collection whose test classes share one <see cref="ServersFixture"/>: mark a class
/// <c>[Collection(ServersCollection.Name)]</c> and take a <see cref="ServersFixture"/> in its constructor.
/// </summary>
[CollectionDefinition(Name)]
public sealed class ServersCollection : ICollectionFixture<ServersFixture>
{
    /// <summary>The collection's name, "servers".</summary>
    public const string Name = "servers";
}
