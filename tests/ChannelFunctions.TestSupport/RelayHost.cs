using System.Diagnostics;
using ChannelFunctions.Relay;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace ChannelFunctions.TestSupport;

/// <summary>
/// The relay function served over loopback HTTP by Kestrel. The Functions host cannot run on our machines, so a
/// minimal ASP.NET Core app calls the function class as the host's ASP.NET Core integration does: the real request
/// in, the returned result executed against the real response. Records how long each call of the function took.
/// </summary>
internal sealed class RelayHost : IAsyncDisposable
{
    private readonly WebApplication _app;

    private RelayHost(WebApplication app, string url)
    {
        _app = app;
        Url = url;
    }

    /// <summary>The relay's URL, <c>http://127.0.0.1:PORT/api/vcc/events</c>.</summary>
    public string Url { get; }

    /// <summary>How long each call of the function took, in milliseconds.</summary>
    public List<double> Milliseconds { get; } = [];

    public static async Task<RelayHost> StartAsync(VccWebhookRelay relay)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        var app = builder.Build();
        var host = new List<RelayHost>(1);
        app.MapPost("/api/" + VccWebhookRelay.Route, async (HttpContext context) =>
        {
            var started = Stopwatch.GetTimestamp();
            var result = await relay.RunAsync(context.Request, new TestFunctionContext(), context.RequestAborted);
            lock (host[0].Milliseconds)
            {
                host[0].Milliseconds.Add(Stopwatch.GetElapsedTime(started).TotalMilliseconds);
            }

            await result.ExecuteAsync(context);
        });
        await app.StartAsync();
        host.Add(new RelayHost(app, app.Urls.Single() + "/api/" + VccWebhookRelay.Route));
        return host[0];
    }

    /// <summary>Median and maximum of <see cref="Milliseconds"/>, for the test's output.</summary>
    public string Timings()
    {
        lock (Milliseconds)
        {
            var ordered = Milliseconds.Order().ToList();
            return $"relay function median {ordered[ordered.Count / 2]:F2} ms, p90 {ordered[ordered.Count * 9 / 10]:F2} ms, max {ordered[^1]:F2} ms over {ordered.Count} requests";
        }
    }

    public ValueTask DisposeAsync() => _app.DisposeAsync();
}
