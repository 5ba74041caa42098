namespace ChannelFunctions.EndToEndTests.Fixtures;

/// <summary>
/// The xunit collection whose test classes share one <see cref="WorkerFixture"/>: the servers and one worker process.
/// </summary>
[CollectionDefinition(Name)]
public sealed class WorkerCollection : ICollectionFixture<WorkerFixture>
{
    /// <summary>The collection's name.</summary>
    public const string Name = "worker process";
}
