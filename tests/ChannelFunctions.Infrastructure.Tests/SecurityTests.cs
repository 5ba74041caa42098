using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace ChannelFunctions.Infrastructure.Tests;

/// <summary>Keyless and locked down: no shared keys or local auth anywhere, TLS 1.2, HTTPS only, nothing public.</summary>
public sealed partial class SecurityTests
{
    [LinuxX64Fact]
    public void Both_storage_accounts_allow_no_shared_key_no_public_blobs_and_only_TLS_1_2_over_HTTPS()
    {
        var accounts = Compiled.Main.AllResources("Microsoft.Storage/storageAccounts").ToList();

        Assert.Equal(2, accounts.Count);
        Assert.All(accounts, account =>
        {
            Assert.False(Bool(account.Property("allowSharedKeyAccess")));
            Assert.True(Bool(account.Property("defaultToOAuthAuthentication")));
            Assert.False(Bool(account.Property("allowBlobPublicAccess")));
            Assert.Equal("TLS1_2", Text(account.Property("minimumTlsVersion")));
            Assert.True(Bool(account.Property("supportsHttpsTrafficOnly")));
        });
        Assert.All(
            Compiled.Main.AllResources("Microsoft.Storage/storageAccounts/blobServices/containers"),
            container => Assert.Equal("None", Text(container.Property("publicAccess"))));
    }

    /// <summary>The host's account holds only the deployment package; the app's data has an account of its own.</summary>
    [LinuxX64Fact]
    public void The_app_data_lives_in_its_own_account_apart_from_the_Functions_host_storage()
    {
        var storageModule = Compiled.Main.AllResources("Microsoft.Resources/deployments").Single(d => d.SymbolicName == "storage");
        var hostContainers = storageModule.Json["properties"]!["parameters"]!["containerNames"]!["value"]!.AsArray()
            .Select(n => Text(Compiled.Main.Resolve(n)))
            .ToList();
        var data = Compiled.Main.AllResources("Microsoft.Storage/storageAccounts").Single(a => a.Template.Path.EndsWith("/dataStorage", StringComparison.Ordinal)).Template;
        string Named(ArmResource r) => Text(r.Template.Resolve(JsonValue.Create($"[variables('{VariableInName().Match(Text(r.Json["name"])).Groups[1].Value}')]")));
        var dataContainers = data.AllResources("Microsoft.Storage/storageAccounts/blobServices/containers").Select(Named).ToList();
        var dataQueues = data.AllResources("Microsoft.Storage/storageAccounts/queueServices/queues").Select(Named).ToList();

        Assert.Equal(["[format('app-package-{0}', variables('resourceToken'))]"], hostContainers);
        Assert.Equal(["eventgrid-dead-letter", "rejected-events"], dataContainers.Order(StringComparer.Ordinal));
        Assert.Equal(["summary-requests", "summary-requests-poison"], dataQueues.Order(StringComparer.Ordinal));
        // The host moves a message that failed every attempt to <queue>-poison; the infra creates exactly that queue.
        Assert.Contains(dataQueues[0] + "-poison", dataQueues);
        // The app finds both containers by their default names (replay --dead-letters reads the second without a setting).
        var options = new ChannelFunctions.Core.Storage.RejectedEventsOptions();
        Assert.Equal([options.DeadLetterContainerName, options.ContainerName], dataContainers.Order(StringComparer.Ordinal));
    }

    [LinuxX64Fact]
    public void Cosmos_disables_local_auth_and_key_based_metadata_writes_and_requires_TLS_1_2()
    {
        var account = Compiled.Main.Single("Microsoft.DocumentDB/databaseAccounts");

        Assert.True(Bool(account.Property("disableLocalAuth")));
        Assert.True(Bool(account.Property("disableKeyBasedMetadataWriteAccess")));
        Assert.Equal("Tls12", Text(account.Property("minimalTlsVersion")));
    }

    [LinuxX64Fact]
    public void Event_Grid_topic_disables_local_auth_and_takes_CloudEvents_1_0()
    {
        var topic = Compiled.Main.Single("Microsoft.EventGrid/topics");

        Assert.True(Bool(topic.Property("disableLocalAuth")));
        Assert.Equal("CloudEventSchemaV1_0", Text(topic.Property("inputSchema")));
        Assert.Equal("1.2", Text(topic.Property("minimumTlsVersionAllowed")));
        Assert.Equal("SystemAssigned", Text(topic.Json["identity"]!["type"]));
    }

    [LinuxX64Fact]
    public void Application_Insights_disables_local_auth_and_sends_to_the_workspace()
    {
        var insights = Compiled.Main.Single("Microsoft.Insights/components");

        Assert.True(Bool(insights.Property("DisableLocalAuth")));
        Assert.Contains("Microsoft.OperationalInsights/workspaces", Text(insights.Property("WorkspaceResourceId")), StringComparison.Ordinal);
    }

    [LinuxX64Fact]
    public void Key_Vault_authorizes_with_Azure_RBAC()
    {
        var vault = Compiled.Main.Single("Microsoft.KeyVault/vaults");

        Assert.True(Bool(vault.Property("enableRbacAuthorization")));
        Assert.Null(vault.Property("accessPolicies"));
    }

    [LinuxX64Fact]
    public void Function_app_is_HTTPS_only_with_TLS_1_2_and_no_ftpsState_which_Flex_Consumption_does_not_support()
    {
        var site = Compiled.Main.Single("Microsoft.Web/sites");

        Assert.True(Bool(site.Property("httpsOnly")));
        Assert.Equal("1.2", Text(site.Property("siteConfig.minTlsVersion")));
        Assert.Equal("1.2", Text(site.Property("siteConfig.scmMinTlsVersion")));
        Assert.Null(site.Property("siteConfig.ftpsState"));
    }

    [LinuxX64Fact]
    public void Function_app_disables_FTP_and_SCM_basic_publishing_credentials()
    {
        var policies = Compiled.Main.AllResources("Microsoft.Web/sites/basicPublishingCredentialsPolicies").ToList();

        Assert.Equal(["ftp", "scm"], policies.Select(p => LastNameSegment().Match(Text(p.Json["name"])).Groups[1].Value).Order(StringComparer.Ordinal));
        Assert.All(policies, p => Assert.False(Bool(p.Property("allow"))));
    }

    // A child resource named from contract.bicep compiles to [format('{0}/{1}/{2}', parameters('name'), 'default', variables('x'))].
    [GeneratedRegex(@"variables\('([^']+)'\)\)\]$")]
    private static partial Regex VariableInName();

    // A child resource's compiled name is [format('{0}/{1}', parameters('name'), 'ftp')].
    [GeneratedRegex(@"'(\w+)'\)\]$")]
    private static partial Regex LastNameSegment();

    internal static bool Bool(JsonNode? node) =>
        node is JsonValue value && value.TryGetValue<bool>(out var b) ? b : throw new Xunit.Sdk.XunitException($"not a literal boolean: {node}");

    internal static string Text(JsonNode? node) =>
        node is JsonValue value && value.TryGetValue<string>(out var s) ? s : throw new Xunit.Sdk.XunitException($"not a string: {node}");

    internal static int Number(JsonNode? node) =>
        node is JsonValue value && value.TryGetValue<int>(out var n) ? n : throw new Xunit.Sdk.XunitException($"not a literal number: {node}");
}
