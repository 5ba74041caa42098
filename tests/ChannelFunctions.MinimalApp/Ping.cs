using Microsoft.AspNetCore.Http;
using Microsoft.Azure.Functions.Worker;

namespace ChannelFunctions.MinimalApp;

/// <summary>The one function of the baseline app: answers <c>GET /api/ping</c>.</summary>
public static class Ping
{
    /// <summary>Answers 200 "pong".</summary>
    [Function(nameof(Ping))]
    public static IResult Run([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "ping")] HttpRequest request) =>
        Results.Text("pong");
}
