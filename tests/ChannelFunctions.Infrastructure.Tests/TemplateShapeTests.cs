
namespace ChannelFunctions.Infrastructure.Tests;

/// <summary>The walker sees the whole deployment, so the other tests cannot pass on a template that lost its modules.</summary>
public sealed class TemplateShapeTests
{
    [LinuxX64Fact]
    public void The_walker_finds_every_resource_type_main_bicep_deploys_through_its_modules()
    {
        var types = Compiled.Main.AllResources().Select(r => r.Type).ToHashSet(StringComparer.Ordinal);

        string[] expected =
        [
            "Microsoft.Resources/resourceGroups",
            "Microsoft.Resources/deployments",
            "Microsoft.ManagedIdentity/userAssignedIdentities",
            "Microsoft.Storage/storageAccounts",
            "Microsoft.Storage/storageAccounts/blobServices",
            "Microsoft.Storage/storageAccounts/blobServices/containers",
            "Microsoft.Storage/storageAccounts/queueServices",
            "Microsoft.Storage/storageAccounts/queueServices/queues",
            "Microsoft.Storage/storageAccounts/managementPolicies",
            "Microsoft.OperationalInsights/workspaces",
            "Microsoft.Insights/components",
            "Microsoft.DocumentDB/databaseAccounts",
            "Microsoft.DocumentDB/databaseAccounts/sqlDatabases",
            "Microsoft.DocumentDB/databaseAccounts/sqlDatabases/containers",
            "Microsoft.DocumentDB/databaseAccounts/sqlRoleAssignments",
            "Microsoft.DocumentDB/databaseAccounts/sqlRoleDefinitions",
            "Microsoft.EventGrid/topics",
            "Microsoft.KeyVault/vaults",
            "Microsoft.KeyVault/vaults/secrets",
            "Microsoft.Web/serverfarms",
            "Microsoft.Web/sites",
            "Microsoft.Web/sites/config",
            "Microsoft.Authorization/roleAssignments",
            "Microsoft.Insights/workbooks",
            "Microsoft.Insights/scheduledQueryRules",
            "Microsoft.Insights/metricAlerts",
            "Microsoft.Network/virtualNetworks",
            "Microsoft.Network/privateDnsZones",
            "Microsoft.Network/privateDnsZones/virtualNetworkLinks",
            "Microsoft.Network/privateEndpoints",
            "Microsoft.Network/privateEndpoints/privateDnsZoneGroups",
        ];
        Assert.All(expected, type => Assert.Contains(type, types));
        Assert.Equal(11, Compiled.Main.AllResources("Microsoft.Resources/deployments").Count());
        Assert.Equal(13, Compiled.Main.AllResources("Microsoft.Authorization/roleAssignments").Count());
        Assert.Equal(2, Compiled.Main.AllResources("Microsoft.Storage/storageAccounts").Count());
    }

    [LinuxX64Fact]
    public void Main_bicep_deploys_at_subscription_scope_and_the_event_subscription_at_resource_group_scope()
    {
        Assert.Contains("subscriptionDeploymentTemplate.json", Compiled.Main.Json["$schema"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.Contains("/deploymentTemplate.json", Compiled.EventSubscription.Json["$schema"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.Single(Compiled.EventSubscription.AllResources());
    }
}
