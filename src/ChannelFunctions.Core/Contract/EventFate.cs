namespace ChannelFunctions.Core.Contract;

/// <summary>
/// What became of one received event: the one vocabulary of ingest, the rejected-event store, telemetry, the CLI and
/// the docs. Each fate has one name (<see cref="EventFates.Name"/>), which logs, metrics, blob folders and command
/// output use.
/// </summary>
public enum EventFate
{
    /// <summary>Stored now.</summary>
    Stored,

    /// <summary>
    /// Already stored with the same meaning (the duplicate rule, docs/ingest.md), whatever re-serialization either
    /// went through: nothing changed.
    /// </summary>
    Duplicate,

    /// <summary>Broke the contract; kept with every reason.</summary>
    Invalid,

    /// <summary>A well-formed CloudEvent of a type this app does not ingest; kept.</summary>
    Unsupported,

    /// <summary>Same <c>source</c> and <c>id</c> as a stored event but a real difference in content: the first stays; kept.</summary>
    Conflicting,

    /// <summary>
    /// Valid, but not stored for good and retrying cannot help: the store refused it (for example too large), or its
    /// content broke this app's own handling of it (writing its document, comparing it with a stored one); kept.
    /// </summary>
    Refused,

    /// <summary>
    /// A kept rejected or dead-lettered blob that replay cannot read back (not what this app or Event Grid writes, or
    /// larger than <c>RejectedEvents__MaxReplayBlobBytes</c>): named and counted, left where it is for a person to look at.
    /// </summary>
    Unreadable,
}
