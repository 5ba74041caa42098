namespace ChannelFunctions.Core.Validation;

/// <summary>One broken rule: the JSON path of the field and the rule it breaks.</summary>
/// <param name="Field">The field's path, for example <c>data.channel.party.role</c>, or <c>event</c> for the whole.</param>
/// <param name="Rule">What the field must be, for example <c>must be one of external, agent, monitor, voicemail</c>.</param>
public sealed record ValidationError(string Field, string Rule)
{
    /// <summary>The reason as people read it: <c>field: rule</c>.</summary>
    public override string ToString() => $"{Field}: {Rule}";
}
