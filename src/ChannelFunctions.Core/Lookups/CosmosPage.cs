using System.Text.Json;
using ChannelFunctions.Core.Contract;

namespace ChannelFunctions.Core.Lookups;

/// <summary>The rows of one page of a Cosmos DB query stream (<c>{"Documents":[…],…}</c>), each as its own bytes.</summary>
internal static class CosmosPage
{
    private static readonly JsonReaderOptions Unbounded = new() { MaxDepth = int.MaxValue };

    /// <summary>Reads the page and cuts out each row of <c>Documents</c>, as the store wrote it.</summary>
    /// <exception cref="JsonException">The page has no <c>Documents</c> array.</exception>
    public static async Task<IReadOnlyList<ReadOnlyMemory<byte>>> RowsAsync(Stream content, CancellationToken cancellationToken)
    {
        var buffer = new MemoryStream();
        await content.CopyToAsync(buffer, cancellationToken).ConfigureAwait(false);
        // The rows keep the page's buffer: no copy of it, nor of any row.
        return Rows(buffer.GetBuffer().AsMemory(0, (int)buffer.Length));
    }

    private static IReadOnlyList<ReadOnlyMemory<byte>> Rows(ReadOnlyMemory<byte> page)
    {
        var reader = new Utf8JsonReader(page.Span, Unbounded);
        reader.Read();
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            var isDocuments = reader.ValueTextEquals("Documents"u8);
            reader.Read();
            var start = (int)reader.TokenStartIndex;
            reader.Skip();
            if (isDocuments)
            {
                return CloudEventJson.Split(page[start..(int)reader.BytesConsumed]);
            }
        }

        throw new JsonException("The query's page has no Documents.");
    }
}
