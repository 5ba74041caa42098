using System.Text.Json.Nodes;
using static ChannelFunctions.Infrastructure.Tests.SecurityTests;

namespace ChannelFunctions.Infrastructure.Tests;

/// <summary>
/// Built-in authentication (authsettingsV2) with Microsoft Entra ID in front of the lookups, when an app registration
/// is given (AUTH_CLIENT_ID): browsers are sent to sign in, scripts bring a token; the relay and Event Grid's webhook
/// stay outside it. docs/deploying.md, "Signing in", explains the decision.
/// </summary>
public sealed class SignInTests
{
    private static ArmResource Auth => Compiled.Main.AllResources("Microsoft.Web/sites/config")
        .Single(c => Text(c.Json["name"]).EndsWith("'authsettingsV2')]", StringComparison.Ordinal));

    [LinuxX64Fact]
    public void Sign_in_is_configured_only_when_an_app_registration_is_given()
    {
        var parameter = Compiled.Main.Parameter("authClientId");

        Assert.Equal("[not(empty(parameters('authClientId')))]", Text(Auth.Json["condition"]));
        Assert.Equal(string.Empty, Text(parameter["defaultValue"]));
        Assert.Equal("[parameters('authClientId')]", Text(Auth.Template.Deployment!["properties"]!["parameters"]!["authClientId"]!["value"]));
    }

    [LinuxX64Fact]
    public void Every_unauthenticated_request_is_sent_to_sign_in_with_Entra_ID()
    {
        Assert.True(Bool(Auth.Property("platform.enabled")));
        Assert.True(Bool(Auth.Property("globalValidation.requireAuthentication")));
        Assert.Equal("RedirectToLoginPage", Text(Auth.Property("globalValidation.unauthenticatedClientAction")));
        Assert.Equal("azureactivedirectory", Text(Auth.Property("globalValidation.redirectToProvider")));
        Assert.True(Bool(Auth.Property("httpSettings.requireHttps")));
        Assert.True(Bool(Auth.Property("identityProviders.azureActiveDirectory.enabled")));
        Assert.Equal("[parameters('authClientId')]", Text(Auth.Properties["identityProviders"]!["azureActiveDirectory"]!["registration"]!["clientId"]));
        Assert.Equal(
            "[format('{0}{1}/v2.0', environment().authentication.loginEndpoint, tenant().tenantId)]",
            Text(Auth.Property("identityProviders.azureActiveDirectory.registration.openIdIssuer")));
        Assert.False(Bool(Auth.Property("login.tokenStore.enabled")));
    }

    /// <summary>A browser's session (audience: the client ID) and a script's token (audience: api://client ID) both pass.</summary>
    [LinuxX64Fact]
    public void Tokens_for_the_client_ID_and_its_application_ID_URI_are_accepted()
    {
        var audiences = Auth.Properties["identityProviders"]!["azureActiveDirectory"]!["validation"]!["allowedAudiences"]!.AsArray().Select(Text);

        Assert.Equal(["[parameters('authClientId')]", "[format('api://{0}', parameters('authClientId'))]"], audiences);
    }

    /// <summary>VCC cannot sign in (the signature is its authentication), and Event Grid presents a system key.</summary>
    [LinuxX64Fact]
    public void Only_the_relay_and_the_Event_Grid_webhook_are_left_out()
    {
        var excluded = Auth.Property("globalValidation.excludedPaths")!.AsArray()
            .Select(p => Text(Auth.Template.Resolve(p)))
            .Select(p => p.Replace("[format('/api/{0}', variables('relayRoute'))]", "/api/" + Text(Auth.Template.Resolve(JsonValue.Create("[variables('relayRoute')]"))), StringComparison.Ordinal))
            .ToList();

        Assert.Equal(["/api/vcc/events", "/runtime/webhooks/eventgrid", "/runtime/webhooks/EventGrid"], excluded);
        Assert.DoesNotContain(excluded, p => p.StartsWith("/api/", StringComparison.Ordinal) && p != "/api/vcc/events");
    }
}
