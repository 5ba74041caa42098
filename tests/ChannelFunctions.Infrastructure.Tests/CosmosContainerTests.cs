using System.Text.Json.Nodes;
using ChannelFunctions.Core.Storage;
using static ChannelFunctions.Infrastructure.Tests.SecurityTests;

namespace ChannelFunctions.Infrastructure.Tests;

/// <summary>
/// The five containers the app uses: names (the options' defaults), partition keys, capacity mode, the indexing policy
/// each one's queries need (the very files the code reads) and the retention's time-to-live.
/// </summary>
public sealed class CosmosContainerTests
{
    private static readonly CosmosOptions Defaults = new();

    /// <summary>Container (by its symbolic name in cosmos-nosql.bicep), its name, partition key and indexing policy file.</summary>
    public static TheoryData<string, string, string, string> Containers => new()
    {
        { "eventsContainer", Defaults.ContainerName, "/conversationId", "indexing-policy.json" },
        { "presenceContainer", Defaults.PresenceContainerName, "/agentId", "indexing-policy.presence-events.json" },
        { "agentStateContainer", Defaults.AgentStateContainerName, "/agentId", "indexing-policy.agent-states.json" },
        { "summaryContainer", Defaults.SummaryContainerName, "/conversationId", "indexing-policy.conversation-summaries.json" },
        { "erasureContainer", Defaults.ErasureContainerName, "/id", "indexing-policy.erasures.json" },
    };

    private static ArmResource Container(string symbolicName) =>
        Compiled.Main.AllResources("Microsoft.DocumentDB/databaseAccounts/sqlDatabases/containers").Single(c => c.SymbolicName == symbolicName);

    [LinuxX64Fact]
    public void Exactly_the_five_containers_of_the_options_are_deployed()
    {
        var names = Compiled.Main.AllResources("Microsoft.DocumentDB/databaseAccounts/sqlDatabases/containers")
            .Select(c => Text(c.Template.Resolve(c.Property("resource.id"))))
            .Order(StringComparer.Ordinal);

        Assert.Equal(
            ["agent-states", "channel-events", "conversation-summaries", "erasures", "presence-events"],
            names);
    }

    [LinuxX64Theory]
    [MemberData(nameof(Containers))]
    public void Container_has_its_name_and_partition_key(string symbolicName, string name, string partitionKeyPath, string policyFile)
    {
        var container = Container(symbolicName);
        var partitionKey = container.Property("resource.partitionKey")!;

        Assert.Equal(name, Text(container.Template.Resolve(container.Property("resource.id"))));
        Assert.Equal([partitionKeyPath], partitionKey["paths"]!.AsArray().Select(p => p!.GetValue<string>()));
        Assert.Equal("Hash", Text(partitionKey["kind"]));
        Assert.Equal(2, Number(partitionKey["version"]));
        Assert.NotEmpty(policyFile);
    }

    [LinuxX64Theory]
    [MemberData(nameof(Containers))]
    public void Indexing_policy_is_the_file_the_code_uses(string symbolicName, string name, string partitionKeyPath, string policyFile)
    {
        var container = Container(symbolicName);
        var deployed = container.Template.Resolve(container.Property("resource.indexingPolicy"));
        var source = JsonNode.Parse(File.ReadAllText(Repo.File("src", "ChannelFunctions.Core", "Storage", policyFile)));

        Assert.True(
            JsonNode.DeepEquals(source, deployed),
            $"The compiled indexing policy of {name} ({partitionKeyPath}) differs from src/ChannelFunctions.Core/Storage/{policyFile}:\n{deployed}");
    }

    /// <summary>The board sorts agents by their last event, summaries are found by start and by the agents in them.</summary>
    [Fact]
    public void Each_policy_indexes_what_its_queries_filter_and_sort_on()
    {
        static string[] Included(string file) => JsonNode.Parse(File.ReadAllText(Repo.File("src", "ChannelFunctions.Core", "Storage", file)))!
            ["includedPaths"]!.AsArray().Select(p => p!["path"]!.GetValue<string>()).ToArray();

        Assert.Equal(["/timestamp/?", "/event/type/?"], Included("indexing-policy.presence-events.json"));
        Assert.Equal(["/lastEventAt/?", "/updatedAt/?"], Included("indexing-policy.agent-states.json"));
        Assert.Equal(["/start/?", "/channels/[]/agentId/?"], Included("indexing-policy.conversation-summaries.json"));
        Assert.Empty(Included("indexing-policy.erasures.json"));
    }

    [LinuxX64Fact]
    public void Database_has_the_name_the_app_settings_give()
    {
        var database = Compiled.Main.Single("Microsoft.DocumentDB/databaseAccounts/sqlDatabases");

        Assert.Equal("channelfunctions", Text(database.Template.Resolve(database.Property("resource.id"))));
        Assert.Equal(Defaults.DatabaseName, Text(database.Template.Resolve(database.Property("resource.id"))));
    }

    [LinuxX64Fact]
    public void Account_is_serverless_by_default_with_provisioned_autoscale_per_container_as_the_option()
    {
        var account = Compiled.Main.Single("Microsoft.DocumentDB/databaseAccounts");
        var mode = Compiled.Main.Parameter("cosmosCapacityMode");

        Assert.Equal("Serverless", Text(mode["defaultValue"]));
        Assert.Equal(["Serverless", "ProvisionedAutoscale"], mode["allowedValues"]!.AsArray().Select(v => v!.GetValue<string>()));
        Assert.Equal("[if(variables('serverless'), createArray(createObject('name', 'EnableServerless')), createArray())]", Text(account.Properties["capabilities"]));
        Assert.Equal("[equals(parameters('capacityMode'), 'Serverless')]", Text(account.Template.Json["variables"]!["serverless"]));
        Assert.Equal(
            "[if(variables('serverless'), createObject(), createObject('autoscaleSettings', createObject('maxThroughput', parameters('autoscaleMaxThroughput'))))]",
            Text(account.Template.Json["variables"]!["containerOptions"]));
        Assert.All(
            Compiled.Main.AllResources("Microsoft.DocumentDB/databaseAccounts/sqlDatabases/containers"),
            c => Assert.Equal("[variables('containerOptions')]", Text(c.Properties["options"])));
    }
}
