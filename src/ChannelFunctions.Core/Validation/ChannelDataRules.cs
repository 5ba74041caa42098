using System.Text.Json;
using ChannelFunctions.Core.Contract;

namespace ChannelFunctions.Core.Validation;

/// <summary>
/// The channel family's own rules, after the envelope's: <c>subject</c> is the channel, and <c>data</c> holds the
/// phase's timestamp, the channel's ids and its party (<see cref="ChannelEventMembers"/>), and a reason for the types
/// that carry one (<see cref="ChannelEventTypes"/>).
/// </summary>
internal static class ChannelDataRules
{
    /// <summary>The event, when every rule held (the envelope's included); else <c>null</c>, with the broken ones noted.</summary>
    public static ChannelEvent? Read(EventReader reader, JsonElement root, Envelope envelope, ChannelEventRule rule)
    {
        if (!reader.Object(root, CloudEventAttributes.Data, out var data))
        {
            return null;
        }

        var timestamp = reader.Time(data, ChannelEventMembers.Timestamp, required: true);
        var reason = rule.CarriesReason ? reader.FreeText(data, ChannelEventMembers.Reason, required: false) : null;
        if (!reader.Object(data, ChannelEventMembers.Channel, out var channel))
        {
            return null;
        }

        var conversationId = reader.Guid(channel, ChannelEventMembers.ConversationId);
        var interactionId = reader.Guid(channel, ChannelEventMembers.InteractionId);
        var channelId = reader.Guid(channel, ChannelEventMembers.ChannelId);
        if (envelope.Subject is { } subject)
        {
            if (!ContractFormats.IsGuid(subject))
            {
                reader.Fail(CloudEventAttributes.Subject, ContractFormats.GuidRule);
            }
            else if (channelId is not null && !subject.Equals(channelId, StringComparison.OrdinalIgnoreCase))
            {
                reader.Fail(CloudEventAttributes.Subject, "must equal data.channel.channelId");
            }
        }

        if (!reader.Object(channel, ChannelEventMembers.Party, out var party))
        {
            return null;
        }

        var role = reader.String(party, ChannelEventMembers.Role, required: true);
        if (role is not null && !PartyRoles.IsRole(role))
        {
            reader.Fail(ChannelEventMembers.Role, $"must be one of {string.Join(", ", PartyRoles.All)}");
            role = null;
        }

        var agentId = reader.String(party, ChannelEventMembers.AgentId, required: role is not null && PartyRoles.RequiresAgentId(role));
        var userId = reader.String(party, ChannelEventMembers.UserId, required: false);
        return reader.Failed
            ? null
            : new ChannelEvent
            {
                EventId = envelope.Id,
                Source = envelope.Source,
                Type = rule.Type,
                DocumentId = EventIdentity.Key(envelope.Source, envelope.Id),
                ConversationId = conversationId!,
                InteractionId = interactionId!,
                ChannelId = channelId!,
                PartyRole = role!,
                AgentId = agentId,
                UserId = userId,
                Reason = reason,
                Timestamp = timestamp!.Value,
                Time = envelope.Time,
                Raw = envelope.Raw,
            };
    }
}
