namespace ChannelFunctions.Cli;

/// <summary>Which stores a command talks to, so it can check they answer before it starts.</summary>
[Flags]
internal enum Stores
{
    /// <summary>Cosmos DB, the channel event store.</summary>
    Events = 1,

    /// <summary>Blob storage, the rejected-event store.</summary>
    RejectedEvents = 2,

    /// <summary>Both.</summary>
    All = Events | RejectedEvents,
}
