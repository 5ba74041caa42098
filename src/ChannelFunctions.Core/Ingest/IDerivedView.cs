namespace ChannelFunctions.Core.Ingest;

/// <summary>
/// Something kept up to date from the events ingest stores, such as a conversation's summary or an agent's live
/// state: a view derived from the events, never their record. Registered in the service container; the ingestor
/// hands every view each delivery's accepted events once they are all in the store.
/// </summary>
public interface IDerivedView
{
    /// <summary>
    /// Brings the view up to date with one delivery's accepted events: those stored now and those found stored
    /// already (a redelivery after a failure must still reach the view). Called once per delivery, after its events
    /// are in the store, and not at all when none was accepted. Throws only when a store is unavailable, which fails
    /// the delivery so that it is redelivered; must be idempotent, since a redelivery brings the same events again.
    /// </summary>
    Task ApplyAsync(AcceptedEvents accepted, CancellationToken cancellationToken);
}
