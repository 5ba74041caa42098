using System.Text.Json.Nodes;
using static ChannelFunctions.Infrastructure.Tests.SecurityTests;

namespace ChannelFunctions.Infrastructure.Tests;

/// <summary>
/// The optional network isolation (NETWORK_ISOLATION, off by default): public access to Cosmos DB, both storage
/// accounts, Key Vault and the topic closed, a private endpoint for each, and the app integrated with the virtual
/// network for its outbound traffic. Its inbound stays public: VCC and Event Grid call it from the internet.
/// </summary>
public sealed class NetworkIsolationTests
{
    [LinuxX64Fact]
    public void It_is_off_by_default_and_the_network_and_endpoints_exist_only_when_on()
    {
        var deployments = Compiled.Main.AllResources("Microsoft.Resources/deployments").ToDictionary(d => d.SymbolicName!);

        Assert.False(Bool(Compiled.Main.Parameter("networkIsolation")["defaultValue"]));
        Assert.Equal("[parameters('networkIsolation')]", Text(deployments["network"].Json["condition"]));
        Assert.Equal("[parameters('networkIsolation')]", Text(deployments["privateEndpoint"].Json["condition"]));
    }

    [LinuxX64Fact]
    public void Every_store_the_app_reaches_gets_a_private_endpoint_in_its_own_DNS_zone()
    {
        var endpoints = Compiled.Main.Json["variables"]!["privateEndpoints"]!.AsArray()
            .Select(e => $"{Text(e!["name"])}: {Text(e["type"])} {Text(e["groupId"])}")
            .ToList();
        var zones = Compiled.Main.Json["variables"]!["privateDnsZoneNames"]!.AsObject()
            .ToDictionary(z => z.Key, z => Text(z.Value));

        Assert.Equal(
            [
                "cosmos: Microsoft.DocumentDB/databaseAccounts Sql",
                "data-blob: Microsoft.Storage/storageAccounts blob",
                "data-queue: Microsoft.Storage/storageAccounts queue",
                "host-blob: Microsoft.Storage/storageAccounts blob",
                "host-queue: Microsoft.Storage/storageAccounts queue",
                "host-table: Microsoft.Storage/storageAccounts table",
                "vault: Microsoft.KeyVault/vaults vault",
                "topic: Microsoft.EventGrid/topics topic",
            ],
            endpoints);
        Assert.Equal("privatelink.documents.azure.com", zones["cosmos"]);
        Assert.Equal("[format('privatelink.blob.{0}', environment().suffixes.storage)]", zones["blob"]);
        Assert.Equal("privatelink.vaultcore.azure.net", zones["vault"]);
        Assert.Equal("privatelink.eventgrid.azure.net", zones["topic"]);
    }

    [LinuxX64Fact]
    public void Public_access_closes_on_each_service_when_on()
    {
        var cosmos = Compiled.Main.Single("Microsoft.DocumentDB/databaseAccounts");
        var topic = Compiled.Main.Single("Microsoft.EventGrid/topics");
        var vault = Compiled.Main.Single("Microsoft.KeyVault/vaults");
        var accounts = Compiled.Main.AllResources("Microsoft.Storage/storageAccounts").ToList();

        Assert.Equal("[if(parameters('networkIsolation'), 'Disabled', 'Enabled')]", Text(cosmos.Property("publicNetworkAccess")));
        Assert.Equal("[if(parameters('networkIsolation'), 'Disabled', 'Enabled')]", Text(topic.Property("publicNetworkAccess")));
        // Storage and Key Vault deny everything but trusted Azure services (Event Grid dead-letters with its identity;
        // Resource Manager writes the vault's secrets), which a disabled public endpoint would also shut out.
        foreach (var resource in accounts.Append(vault))
        {
            Assert.Equal("[if(parameters('networkIsolation'), 'Deny', 'Allow')]", Text(resource.Property("networkAcls.defaultAction")));
            Assert.Equal("AzureServices", Text(resource.Property("networkAcls.bypass")));
        }

        Assert.All(
            Compiled.Main.AllResources("Microsoft.Resources/deployments").Where(d => d.SymbolicName is "cosmos" or "topic" or "keyVault" or "storage" or "dataStorage"),
            module => Assert.Equal("[parameters('networkIsolation')]", Text(module.Json["properties"]!["parameters"]!["networkIsolation"]!["value"])));
    }

    [LinuxX64Fact]
    public void The_app_integrates_with_a_subnet_delegated_to_Flex_Consumption()
    {
        var site = Compiled.Main.Single("Microsoft.Web/sites");
        var subnet = site.Template.Deployment!["properties"]!["parameters"]!["appSubnetId"];
        var vnet = Compiled.Main.Single("Microsoft.Network/virtualNetworks");
        var app = vnet.Property("subnets")!.AsArray().Single(s => Text(s!["name"]) == "app")!;

        Assert.Equal("[if(empty(parameters('appSubnetId')), null(), parameters('appSubnetId'))]", Text(site.Property("virtualNetworkSubnetId")));
        Assert.Equal("[if(parameters('networkIsolation'), createObject('value', reference('network').outputs.appSubnetId.value), createObject('value', ''))]", Text(subnet));
        Assert.Equal("Microsoft.App/environments", Text(app["properties"]!["delegations"]![0]!["properties"]!["serviceName"]));
    }
}
