namespace ChannelFunctions.Core.Storage;

/// <summary>Where channel events are stored, bound from the <c>Cosmos</c> configuration section.</summary>
public sealed class CosmosOptions
{
    /// <summary>The configuration section these options bind from.</summary>
    public const string SectionName = "Cosmos";

    /// <summary>The account endpoint, used with <c>DefaultAzureCredential</c> (managed identity in Azure).</summary>
    public Uri? AccountEndpoint { get; set; }

    /// <summary>A connection string with a key, for local emulators only; takes precedence over the endpoint.</summary>
    public string? ConnectionString { get; set; }

    /// <summary>The database name.</summary>
    public string DatabaseName { get; set; } = "channelfunctions";

    /// <summary>The container of channel events; its partition key is <c>/conversationId</c>.</summary>
    public string ContainerName { get; set; } = "channel-events";

    /// <summary>The container of <c>agent.presencechanged</c> events; its partition key is <c>/agentId</c>.</summary>
    public string PresenceContainerName { get; set; } = "presence-events";

    /// <summary>The container of each agent's live state, one small document per agent; its partition key is <c>/agentId</c>.</summary>
    public string AgentStateContainerName { get; set; } = "agent-states";

    /// <summary>The container of conversation summaries, one document per conversation; its partition key is <c>/conversationId</c>.</summary>
    public string SummaryContainerName { get; set; } = "conversation-summaries";

    /// <summary>The container of erasure tombstones and audit records; its partition key is <c>/id</c>.</summary>
    public string ErasureContainerName { get; set; } = "erasures";

    /// <summary>Create the database and container on first use (local runs); in Azure the infrastructure does.</summary>
    public bool CreateIfNotExists { get; set; }

    /// <summary>
    /// The SDK's bulk execution: concurrent writes to one partition key range travel in one batch request. Off by
    /// default; measure it against your account first (docs/performance.md, "Bulk execution").
    /// </summary>
    public bool AllowBulkExecution { get; set; }

    /// <summary>
    /// The SDK's distributed tracing (an <c>Activity</c> per operation, for Application Insights or OpenTelemetry).
    /// Off by default: it costs client CPU on every write and the app logs each write's outcome anyway.
    /// </summary>
    public bool DistributedTracing { get; set; }
}
