using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace ChannelFunctions.Core.Contract;

/// <summary>Who an event says it is, as far as it could be read; any part may be missing on bad input.</summary>
/// <param name="Id">The CloudEvents <c>id</c>, when it is a string.</param>
/// <param name="Source">The CloudEvents <c>source</c>, when it is a string.</param>
/// <param name="Type">The CloudEvents <c>type</c>, when it is a string.</param>
/// <param name="ConversationId">The <c>data.channel.conversationId</c>, when it is a string.</param>
public readonly record struct EventIdentity(string? Id, string? Source, string? Type, string? ConversationId)
{
    /// <summary>
    /// The key of the event with this CloudEvents <c>source</c> and <c>id</c> (which CloudEvents says identify an
    /// event): the lower-case hex SHA-256 of the UTF-8 of <c>{source.Length}:{source}{id}</c>, length-prefixed so that
    /// no two pairs collide. Every delivery of an event has the same key; documents use it as their id, always a legal
    /// Cosmos DB id (64 characters of [0-9a-f]) whatever characters the sender used.
    /// </summary>
    public static string Key(string source, string id) =>
        Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(string.Create(CultureInfo.InvariantCulture, $"{source.Length}:{source}{id}"))));
}
