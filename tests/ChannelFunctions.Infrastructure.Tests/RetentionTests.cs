using System.Text.Json.Nodes;
using ChannelFunctions.Core.Storage;
using static ChannelFunctions.Infrastructure.Tests.SecurityTests;

namespace ChannelFunctions.Infrastructure.Tests;

/// <summary>
/// One retention (RETENTION_DAYS, Retention__Days, default 400, 0 = forever) everywhere personal data lives: the
/// Cosmos DB containers' default time-to-live and a lifecycle policy on the kept and dead-lettered events.
/// </summary>
public sealed class RetentionTests
{
    private static ArmTemplate Cosmos => Compiled.Main.Single("Microsoft.DocumentDB/databaseAccounts").Template;

    private static ArmResource Policy => Compiled.Main.Single("Microsoft.Storage/storageAccounts/managementPolicies");

    [LinuxX64Fact]
    public void Main_passes_the_one_retention_parameter_to_cosmos_the_data_account_and_the_app()
    {
        foreach (var module in new[] { "cosmos", "dataStorage", "functionApp" })
        {
            var deployment = Compiled.Main.AllResources("Microsoft.Resources/deployments").Single(d => d.SymbolicName == module);
            Assert.Equal("[parameters('retentionDays')]", Text(deployment.Json["properties"]!["parameters"]!["retentionDays"]!["value"]));
        }

        Assert.Equal(400, Number(Compiled.Main.Parameter("retentionDays")["defaultValue"]));
    }

    /// <summary>The same seconds as <see cref="RetentionOptions.DefaultTimeToLiveSeconds"/>: none at 0, days × 86,400, capped.</summary>
    [LinuxX64Fact]
    public void Cosmos_time_to_live_is_the_retention_in_seconds_and_off_at_0()
    {
        Assert.Equal(
            "[if(equals(parameters('retentionDays'), 0), null(), min(mul(parameters('retentionDays'), 86400), 2147483647))]",
            Text(Cosmos.Json["variables"]!["retentionTimeToLive"]));
        Assert.Equal(RetentionOptions.MaxTimeToLiveSeconds, 2147483647);
        Assert.Equal(400 * 86400, new RetentionOptions().DefaultTimeToLiveSeconds);
        Assert.Null(new RetentionOptions { Days = 0 }.DefaultTimeToLiveSeconds);
        Assert.Equal(RetentionOptions.MaxTimeToLiveSeconds, new RetentionOptions { Days = 36500 }.DefaultTimeToLiveSeconds);
    }

    [LinuxX64Theory]
    [InlineData("eventsContainer")]
    [InlineData("presenceContainer")]
    [InlineData("agentStateContainer")]
    [InlineData("summaryContainer")]
    public void Every_data_container_expires_items_after_the_retention(string symbolicName)
    {
        var container = Cosmos.AllResources("Microsoft.DocumentDB/databaseAccounts/sqlDatabases/containers").Single(c => c.SymbolicName == symbolicName);

        Assert.Equal("[variables('retentionTimeToLive')]", Text(container.Properties["resource"]!["defaultTtl"]));
    }

    /// <summary>Tombstones and audit records set their own ttl per item; -1 turns time-to-live on without a default.</summary>
    [LinuxX64Fact]
    public void Erasures_have_time_to_live_on_with_no_default_expiry()
    {
        var erasures = Cosmos.AllResources("Microsoft.DocumentDB/databaseAccounts/sqlDatabases/containers").Single(c => c.SymbolicName == "erasureContainer");

        Assert.Equal(-1, Number(erasures.Properties["resource"]!["defaultTtl"]));
    }

    [LinuxX64Fact]
    public void Kept_and_dead_lettered_blobs_are_deleted_after_the_retention_and_no_policy_exists_at_0()
    {
        var rule = Policy.Property("policy.rules")!.AsArray().Single()!;
        var filters = rule["definition"]!["filters"]!;
        var prefixes = filters["prefixMatch"]!.AsArray().Select(p => Text(p)).ToList();

        Assert.Equal("[greater(parameters('retentionDays'), 0)]", Text(Policy.Json["condition"]));
        Assert.True(Bool(rule["enabled"]));
        Assert.Equal("Lifecycle", Text(rule["type"]));
        Assert.Equal(["blockBlob"], filters["blobTypes"]!.AsArray().Select(Text));
        Assert.Equal(["[format('{0}/', variables('rejectedEventsContainerName'))]", "[format('{0}/', variables('deadLetterContainerName'))]"], prefixes);
        Assert.Equal(
            ["rejected-events", "eventgrid-dead-letter"],
            new[] { "rejectedEventsContainerName", "deadLetterContainerName" }.Select(v => Text(Policy.Template.Resolve(JsonValue.Create($"[variables('{v}')]")))));
        Assert.Equal(
            "[parameters('retentionDays')]",
            Text(rule["definition"]!["actions"]!["baseBlob"]!["delete"]!["daysAfterCreationGreaterThan"]));
        // The policy belongs to the data account, never to the host's (which holds the deployment package).
        Assert.EndsWith("/dataStorage", Policy.Template.Path, StringComparison.Ordinal);
    }
}
