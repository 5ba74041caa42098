using System.Net;

namespace ChannelFunctions.EventGridHost;

/// <summary>The host's answer to an Event Grid HTTP delivery, which decides whether Event Grid retries it.</summary>
/// <param name="Status">The status code: 200 for a handshake, 202 when every invocation succeeded, 500 when one
/// failed (Event Grid retries the whole delivery), 400 for a request the extension does not understand.</param>
/// <param name="Headers">The response's headers (content headers included), e.g. <c>WebHook-Allowed-Origin</c>.</param>
/// <param name="Body">The response body as text (the validation response, or the failure's message).</param>
public sealed record EventGridHttpResponse(HttpStatusCode Status, IReadOnlyDictionary<string, string> Headers, string Body);
