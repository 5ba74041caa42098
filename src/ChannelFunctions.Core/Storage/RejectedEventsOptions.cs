using System.ComponentModel.DataAnnotations;
using System.Globalization;

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

    /// <summary>
    /// The largest kept or dead-lettered blob replay reads, in bytes; a larger one is listed as unreadable by its size
    /// alone, never downloaded. The default holds an event of the largest <c>Validation__MaxEventBytes</c> (1 MiB) even
    /// when every byte of it is kept escaped (six bytes each); raise it to replay a larger dead-letter blob.
    /// </summary>
    [Range(1024, 1024 * 1024 * 1024)]
    public int MaxReplayBlobBytes { get; set; } = 8 * 1024 * 1024;

    /// <summary>Why a blob of this many bytes is not read back; <c>null</c> when it is small enough.</summary>
    internal string? TooLargeToReplay(long? length) => length > MaxReplayBlobBytes
        ? string.Create(CultureInfo.InvariantCulture,
            $"the blob is {length} bytes, more than RejectedEvents__MaxReplayBlobBytes ({MaxReplayBlobBytes}); not read")
        : null;
}
