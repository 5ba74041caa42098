using ChannelFunctions.Core.Contract;

namespace ChannelFunctions.Tests.Contract;

/// <summary>The one fate table: names as the wire, blob folders and metrics spell them, which are kept, which ingest gives.</summary>
public sealed class EventFatesTests
{
    [Fact]
    public void Every_fate_has_one_line_with_its_name()
    {
        Assert.Equal(Enum.GetValues<EventFate>(), EventFates.All);
        Assert.Equal(["stored", "duplicate", "invalid", "unsupported", "conflicting", "refused", "unreadable"], EventFates.All.Select(fate => fate.Name()));
        Assert.All(EventFates.All, fate => Assert.True(EventFates.TryParse(fate.Name().ToUpperInvariant(), out var parsed) && parsed == fate));
    }

    [Fact]
    public void An_unreadable_blob_is_a_fate_of_replay_only_and_is_not_kept_again()
    {
        Assert.Equal([EventFate.Invalid, EventFate.Unsupported, EventFate.Conflicting, EventFate.Refused], EventFates.Kept);
        Assert.DoesNotContain(EventFate.Unreadable, EventFates.Ingest);
        Assert.Equal(EventFates.All.Except([EventFate.Unreadable]), EventFates.Ingest);
        Assert.False(EventFate.Unreadable.IsKept());
    }
}
