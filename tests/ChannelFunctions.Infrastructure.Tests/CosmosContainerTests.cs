using System.Text.Json.Nodes;
using static ChannelFunctions.Infrastructure.Tests.SecurityTests;

namespace ChannelFunctions.Infrastructure.Tests;

/// <summary>The container the app writes: names, partition key, capacity mode and the lookups' indexing policy.</summary>
public sealed class CosmosContainerTests
{
    [LinuxX64Fact]
    public void Container_is_partitioned_by_conversationId()
    {
        var container = Compiled.Main.Single("Microsoft.DocumentDB/databaseAccounts/sqlDatabases/containers");
        var partitionKey = container.Property("resource.partitionKey")!;

        Assert.Equal(["/conversationId"], partitionKey["paths"]!.AsArray().Select(p => p!.GetValue<string>()));
        Assert.Equal("Hash", Text(partitionKey["kind"]));
        Assert.Equal(2, Number(partitionKey["version"]));
    }

    [LinuxX64Fact]
    public void Indexing_policy_is_the_one_the_code_uses()
    {
        var container = Compiled.Main.Single("Microsoft.DocumentDB/databaseAccounts/sqlDatabases/containers");
        var deployed = container.Property("resource.indexingPolicy");
        var source = JsonNode.Parse(File.ReadAllText(Repo.File("src", "ChannelFunctions.Core", "Storage", "indexing-policy.json")));

        Assert.True(
            JsonNode.DeepEquals(source, deployed),
            $"The compiled indexing policy differs from src/ChannelFunctions.Core/Storage/indexing-policy.json:\n{deployed}");
    }

    [LinuxX64Fact]
    public void Database_and_container_have_the_names_the_app_settings_give()
    {
        var container = Compiled.Main.Single("Microsoft.DocumentDB/databaseAccounts/sqlDatabases/containers");
        var database = Compiled.Main.Single("Microsoft.DocumentDB/databaseAccounts/sqlDatabases");

        Assert.Equal("channelfunctions", Text(database.Property("resource.id")));
        Assert.Equal("channel-events", Text(container.Property("resource.id")));
    }

    [LinuxX64Fact]
    public void Account_is_serverless_by_default_with_provisioned_autoscale_as_the_option()
    {
        var account = Compiled.Main.Single("Microsoft.DocumentDB/databaseAccounts");
        var container = Compiled.Main.Single("Microsoft.DocumentDB/databaseAccounts/sqlDatabases/containers");
        var mode = Compiled.Main.Parameter("cosmosCapacityMode");

        Assert.Equal("Serverless", Text(mode["defaultValue"]));
        Assert.Equal(["Serverless", "ProvisionedAutoscale"], mode["allowedValues"]!.AsArray().Select(v => v!.GetValue<string>()));
        Assert.Equal("[if(variables('serverless'), createArray(createObject('name', 'EnableServerless')), createArray())]", Text(account.Properties["capabilities"]));
        Assert.Equal(
            "[if(variables('serverless'), createObject(), createObject('autoscaleSettings', createObject('maxThroughput', parameters('autoscaleMaxThroughput'))))]",
            Text(container.Properties["options"]));
        Assert.Equal("[equals(parameters('capacityMode'), 'Serverless')]", Text(account.Template.Json["variables"]!["serverless"]));
    }
}
