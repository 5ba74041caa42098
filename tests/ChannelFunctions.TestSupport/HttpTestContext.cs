using System.Text.Json;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;

namespace ChannelFunctions.TestSupport;

/// <summary>What an HTTP function answered, read back from a real <see cref="DefaultHttpContext"/>.</summary>
internal sealed record HttpAnswer(int Status, string? ContentType, IHeaderDictionary Headers, string Body)
{
    public JsonElement Json => JsonDocument.Parse(Body).RootElement;
}

/// <summary>
/// A real ASP.NET Core <see cref="HttpContext"/> as the Functions ASP.NET Core integration hands one to a function,
/// with the services results need (logging, problem details as Program.cs registers them).
/// </summary>
internal static class HttpTestContext
{
    private static readonly IServiceProvider Services = new ServiceCollection().AddLogging().AddProblemDetails().BuildServiceProvider();

    public static HttpRequest Get(string path, string query = "", IDictionary<string, string>? routeValues = null)
    {
        var context = new DefaultHttpContext { RequestServices = Services };
        context.Request.Method = HttpMethods.Get;
        context.Request.Scheme = "https";
        context.Request.Host = new HostString("channelfunctions.example");
        context.Request.Path = path;
        context.Request.QueryString = new QueryString(query);
        foreach (var (name, value) in routeValues ?? new Dictionary<string, string>())
        {
            context.Request.RouteValues[name] = value;
        }

        context.Response.Body = new MemoryStream();
        return context.Request;
    }

    /// <summary>Runs the result against the request's context, as the worker does, and reads the response.</summary>
    public static async Task<HttpAnswer> ExecuteAsync(this IResult result, HttpRequest request)
    {
        var context = request.HttpContext;
        await result.ExecuteAsync(context);
        context.Response.Body.Position = 0;
        using var reader = new StreamReader(context.Response.Body);
        return new HttpAnswer(context.Response.StatusCode, context.Response.ContentType, context.Response.Headers, await reader.ReadToEndAsync());
    }
}
