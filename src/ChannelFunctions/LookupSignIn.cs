using ChannelFunctions.Core.Relay;
using ChannelFunctions.Relay;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Azure.Functions.Worker;
using Microsoft.Azure.Functions.Worker.Middleware;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Primitives;

namespace ChannelFunctions;

/// <summary>
/// The worker's half of signing in to the lookups (docs/deploying.md, "Signing in"). The lookups are Anonymous to the
/// Functions host, whose key check knows nothing of a signed-in caller; in Azure the app's built-in authentication
/// (Microsoft Entra ID) is their gate. This refuses, in Azure, every HTTP request but the relay's that did not come
/// through that gate: 403 when the app has no built-in authentication (no app registration was given, so nothing
/// would stop a stranger), 401 when it has but the request carries no signed-in principal (a path left out of it by
/// mistake). Built-in authentication removes the principal headers from what a client sends, so their presence proves
/// it signed the caller in. A local run (Core Tools, the tests) has no sign-in, and is let through.
/// </summary>
internal sealed partial class LookupSignIn(AzurePlatform platform, IConfiguration configuration, ILogger<LookupSignIn> logger)
    : IFunctionsWorkerMiddleware
{
    /// <summary>Set to <c>True</c> by App Service when built-in authentication is on.</summary>
    public const string AuthEnabledVariable = "WEBSITE_AUTH_ENABLED";

    /// <summary>The signed-in caller's id, set by built-in authentication on every request it let through.</summary>
    public const string PrincipalIdHeader = "X-MS-CLIENT-PRINCIPAL-ID";

    /// <summary>Whether a function's HTTP requests need a signed-in caller in Azure: all but the relay, which VCC calls.</summary>
    public static bool RequiresSignIn(string functionName) => functionName != VccWebhookRelay.Name;

    /// <inheritdoc />
    public async Task Invoke(FunctionContext context, FunctionExecutionDelegate next)
    {
        if (context.GetHttpContext() is { } http
            && RequiresSignIn(context.FunctionDefinition.Name)
            && Refusal(platform, configuration[AuthEnabledVariable], http.Request.Headers) is { } refusal)
        {
            LogRefused(logger, context.FunctionDefinition.Name, refusal.StatusCode);
            await refusal.ExecuteAsync(http).ConfigureAwait(false);
            return;
        }

        await next(context).ConfigureAwait(false);
    }

    /// <summary>The answer to a request that needs a signed-in caller, or <c>null</c> to let it through.</summary>
    internal static ProblemHttpResult? Refusal(AzurePlatform platform, string? authEnabled, IHeaderDictionary headers)
    {
        if (!platform.IsAzure)
        {
            return null;
        }

        if (!bool.TryParse(authEnabled, out var enabled) || !enabled)
        {
            return TypedResults.Problem(
                statusCode: StatusCodes.Status403Forbidden,
                title: "Sign-in is not set up.",
                detail: "This deployment has no Microsoft Entra sign-in, so its lookups answer no one. See docs/deploying.md, \"Signing in\".");
        }

        return StringValues.IsNullOrEmpty(headers[PrincipalIdHeader])
            ? TypedResults.Problem(
                statusCode: StatusCodes.Status401Unauthorized,
                title: "Sign-in required.",
                detail: "Sign in with Microsoft Entra ID, or send a bearer token for the app registration.")
            : null;
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Refused a request to {Function} with {Status}: no caller signed in through the app's built-in authentication (docs/deploying.md, \"Signing in\").")]
    private static partial void LogRefused(ILogger logger, string function, int status);
}
