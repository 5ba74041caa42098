using ChannelFunctions.Core.Relay;
using ChannelFunctions.Lookups;
using ChannelFunctions.Relay;
using Microsoft.AspNetCore.Http;

namespace ChannelFunctions.Tests.Functions;

/// <summary>
/// The worker's rule for the lookups in Azure: only callers the app's built-in authentication signed in get through.
/// (The end-to-end SignInTests run it in the worker process.)
/// </summary>
public sealed class LookupSignInTests
{
    private static readonly AzurePlatform Azure = new("WEBSITE_SITE_NAME");

    private static HeaderDictionary SignedIn() => new() { [LookupSignIn.PrincipalIdHeader] = "3f2504e0-4f89-11d3-9a0c-0305e82c3301" };

    [Theory]
    [InlineData(null)]
    [InlineData("False")]
    [InlineData("True")]
    public void A_local_run_lets_every_request_through(string? authEnabled)
    {
        Assert.Null(LookupSignIn.Refusal(AzurePlatform.Local, authEnabled, new HeaderDictionary()));
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("False")]
    [InlineData("yes")]
    public void In_Azure_without_built_in_authentication_everyone_is_refused_with_403_even_with_a_forged_principal(string? authEnabled)
    {
        var refusal = LookupSignIn.Refusal(Azure, authEnabled, SignedIn());

        Assert.NotNull(refusal);
        Assert.Equal(StatusCodes.Status403Forbidden, refusal.StatusCode);
        Assert.Equal("Sign-in is not set up.", refusal.ProblemDetails.Title);
    }

    [Theory]
    [InlineData("True")]
    [InlineData("true")]
    public void In_Azure_with_built_in_authentication_a_request_without_a_principal_gets_401(string authEnabled)
    {
        var refusal = LookupSignIn.Refusal(Azure, authEnabled, new HeaderDictionary());

        Assert.NotNull(refusal);
        Assert.Equal(StatusCodes.Status401Unauthorized, refusal.StatusCode);
        Assert.Equal("Sign-in required.", refusal.ProblemDetails.Title);
    }

    [Fact]
    public void In_Azure_with_built_in_authentication_a_signed_in_caller_gets_through()
    {
        Assert.Null(LookupSignIn.Refusal(Azure, "True", SignedIn()));
    }

    [Fact]
    public void Every_http_function_but_the_relay_needs_a_signed_in_caller()
    {
        Assert.False(LookupSignIn.RequiresSignIn(VccWebhookRelay.Name));
        Assert.All(
            [GetConversation.Name, GetConversationEvents.Name, GetChannel.Name, GetInteractionEvents.Name, GetAgentEvents.Name, GetOpenApiDocument.Name],
            name => Assert.True(LookupSignIn.RequiresSignIn(name)));
    }
}
