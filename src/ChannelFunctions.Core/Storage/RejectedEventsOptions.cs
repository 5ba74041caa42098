namespace ChannelFunctions.Core.Storage;

/// <summary>Where refused events are kept, bound from the <c>RejectedEvents</c> configuration section.</summary>
public sealed class RejectedEventsOptions
{
    /// <summary>The configuration section these options bind from.</summary>
    public const string SectionName = "RejectedEvents";

    /// <summary>The blob service endpoint, used with <c>DefaultAzureCredential</c> (managed identity in Azure).</summary>
    public Uri? BlobServiceUri { get; set; }

    /// <summary>A storage connection string, for Azurite; takes precedence over the endpoint.</summary>
    public string? ConnectionString { get; set; }

    /// <summary>The blob container that holds refused events.</summary>
    public string ContainerName { get; set; } = "rejected-events";

    /// <summary>
    /// The blob container Event Grid dead-letters undeliverable events to (the event subscription's dead-letter
    /// destination, in the same storage account); read by <c>channelfunctions replay --dead-letters</c>.
    /// </summary>
    public string DeadLetterContainerName { get; set; } = "eventgrid-dead-letter";

    /// <summary>Create the container on first use (local runs); in Azure the infrastructure does.</summary>
    public bool CreateIfNotExists { get; set; }
}
