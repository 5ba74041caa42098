using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using static ChannelFunctions.Infrastructure.Tests.SecurityTests;

namespace ChannelFunctions.Infrastructure.Tests;

/// <summary>
/// Each identity gets exactly the built-in roles it needs, on the narrowest resource that works (the container, the
/// queue, the database), and nothing else. The Functions host's own storage account is the one account-wide grant.
/// </summary>
public sealed partial class RoleAssignmentTests
{
    private const string AppIdentity = "the app's user-assigned identity";
    private const string TopicIdentity = "the topic's system-assigned identity";
    private const string Deployer = "the deploying principal";

    /// <summary>Built-in role definition IDs (learn.microsoft.com/azure/role-based-access-control/built-in-roles).</summary>
    private static readonly Dictionary<string, string> RoleNames = new(StringComparer.Ordinal)
    {
        ["b7e6dc6d-f1e8-4753-8033-0f276bb0955b"] = "Storage Blob Data Owner",
        ["974c5e8b-45b9-4653-ba55-5f855dd0fb88"] = "Storage Queue Data Contributor",
        ["0a9a7e1f-b9d0-4cc4-a60d-0319b160aaa3"] = "Storage Table Data Contributor",
        ["ba92f5b4-2d11-453d-a403-e96b0029c9fe"] = "Storage Blob Data Contributor",
        ["2a2b9908-6ea1-4ae2-8e65-a410df84e7d1"] = "Storage Blob Data Reader",
        ["19e7f393-937e-4f77-808e-94535e297925"] = "Storage Queue Data Reader",
        ["8a0f0c08-91a1-4084-bc3d-661d67233fed"] = "Storage Queue Data Message Processor",
        ["c6a89b2d-59bc-44d0-9896-0f6e12d7b80a"] = "Storage Queue Data Message Sender",
        ["3913510d-42f4-4e42-8a64-420c390055eb"] = "Monitoring Metrics Publisher",
        ["d5a91429-5739-47e2-a06b-3470a27159e7"] = "EventGrid Data Sender",
        ["4633458b-17de-408a-b874-0445c86b69e6"] = "Key Vault Secrets User",
    };

    [LinuxX64Fact]
    public void Role_assignments_are_exactly_the_needed_ones()
    {
        string[] expected =
        [
            // The Functions host's own account (storage): what an identity-based AzureWebJobsStorage needs.
            $"Storage Blob Data Owner -> {AppIdentity} on Microsoft.Storage/storageAccounts in storage",
            $"Storage Queue Data Contributor -> {AppIdentity} on Microsoft.Storage/storageAccounts in storage",
            $"Storage Table Data Contributor -> {AppIdentity} on Microsoft.Storage/storageAccounts in storage",
            // The app's data account (dataStorage): one container, two queues, and reading for the deployer.
            $"Storage Blob Data Contributor -> {AppIdentity} on Microsoft.Storage/storageAccounts/blobServices/containers rejected-events in dataStorage",
            $"Storage Queue Data Reader -> {AppIdentity} on Microsoft.Storage/storageAccounts/queueServices/queues summary-requests in dataStorage",
            $"Storage Queue Data Message Processor -> {AppIdentity} on Microsoft.Storage/storageAccounts/queueServices/queues summary-requests in dataStorage",
            $"Storage Queue Data Message Sender -> {AppIdentity} on Microsoft.Storage/storageAccounts/queueServices/queues summary-requests in dataStorage",
            $"Storage Queue Data Message Sender -> {AppIdentity} on Microsoft.Storage/storageAccounts/queueServices/queues summary-requests-poison in dataStorage",
            $"Storage Blob Data Reader -> {Deployer} on Microsoft.Storage/storageAccounts in dataStorage",
            $"Storage Blob Data Contributor -> {TopicIdentity} on Microsoft.Storage/storageAccounts/blobServices/containers eventgrid-dead-letter in topic",
            $"Monitoring Metrics Publisher -> {AppIdentity} on Microsoft.Insights/components in monitoring",
            $"EventGrid Data Sender -> {AppIdentity} on Microsoft.EventGrid/topics in topic",
            $"Key Vault Secrets User -> {AppIdentity} on Microsoft.KeyVault/vaults in keyVault",
        ];

        var actual = Compiled.Main.AllResources("Microsoft.Authorization/roleAssignments").Select(Describe).ToList();

        Assert.Equal(expected.Order(StringComparer.Ordinal), actual.Order(StringComparer.Ordinal));
    }

    [LinuxX64Fact]
    public void Managed_identities_are_assigned_as_service_principals()
    {
        foreach (var assignment in Compiled.Main.AllResources("Microsoft.Authorization/roleAssignments"))
        {
            var principal = Principal(assignment);
            var type = Text(assignment.Template.Resolve(assignment.Properties["principalType"]));
            Assert.Equal(principal == Deployer ? "User" : "ServicePrincipal", type);
        }
    }

    /// <summary>
    /// Cosmos DB data-plane roles: Built-in Data Contributor for the app and Data Reader for the deployer, on the
    /// database only (/dbs/channelfunctions); on the account, just a custom role that reads its metadata, which the SDK
    /// needs before anything else.
    /// </summary>
    [LinuxX64Fact]
    public void Cosmos_data_roles_are_on_the_database_and_only_metadata_reading_is_on_the_account()
    {
        var assignments = Compiled.Main.AllResources("Microsoft.DocumentDB/databaseAccounts/sqlRoleAssignments").ToList();
        const string DatabaseScope = "[format('{0}/dbs/{1}', resourceId('Microsoft.DocumentDB/databaseAccounts', parameters('accountName')), parameters('databaseName'))]";
        const string AccountScope = "[resourceId('Microsoft.DocumentDB/databaseAccounts', parameters('accountName'))]";
        const string MetadataRole = "[resourceId('Microsoft.DocumentDB/databaseAccounts/sqlRoleDefinitions', parameters('accountName'), guid(resourceId('Microsoft.DocumentDB/databaseAccounts', parameters('accountName')), 'account-metadata-reader'))]";

        string Describe(ArmResource a)
        {
            var roleDefinitionId = Text(a.Properties["roleDefinitionId"]);
            var role = roleDefinitionId == MetadataRole
                ? "account metadata reader"
                : roleDefinitionId.Contains("/sqlRoleDefinitions/00000000-0000-0000-0000-000000000002", StringComparison.Ordinal) ? "Built-in Data Contributor"
                : roleDefinitionId.Contains("/sqlRoleDefinitions/00000000-0000-0000-0000-000000000001", StringComparison.Ordinal) ? "Built-in Data Reader"
                : $"unknown role {roleDefinitionId}";
            var scope = Text(a.Template.Resolve(a.Properties["scope"])) switch
            {
                DatabaseScope => "the database",
                AccountScope => "the account",
                var other => $"an unexpected scope {other}",
            };
            return $"{role} -> {Principal(a)} on {scope}";
        }

        Assert.Equal(
            [
                $"Built-in Data Contributor -> {AppIdentity} on the database",
                $"Built-in Data Reader -> {Deployer} on the database",
                $"account metadata reader -> {AppIdentity} on the account",
                $"account metadata reader -> {Deployer} on the account",
            ],
            assignments.Select(Describe).Order(StringComparer.Ordinal));
        Assert.Equal("channelfunctions", Text(assignments[0].Template.Resolve(JsonValue.Create("[parameters('databaseName')]"))));

        var metadata = Compiled.Main.Single("Microsoft.DocumentDB/databaseAccounts/sqlRoleDefinitions");
        Assert.Equal("CustomRole", Text(metadata.Properties["type"]));
        Assert.Equal(["Microsoft.DocumentDB/databaseAccounts/readMetadata"], metadata.Properties["permissions"]!.AsArray().Single()!["dataActions"]!.AsArray().Select(Text));
        Assert.Equal([AccountScope], metadata.Properties["assignableScopes"]!.AsArray().Select(Text));
    }

    [LinuxX64Fact]
    public void Summary_queue_roles_cannot_create_delete_or_clear_queues()
    {
        // Queue Data Contributor (974c5e8b-…) manages queues; the summary queues get only message-level roles.
        var queueAssignments = Compiled.Main.AllResources("Microsoft.Authorization/roleAssignments")
            .Where(a => Text(a.Json["scope"]).Contains("queueServices/queues", StringComparison.Ordinal))
            .ToList();

        Assert.Equal(4, queueAssignments.Count);
        Assert.DoesNotContain(queueAssignments, a => Text(a.Properties["roleDefinitionId"]).Contains("974c5e8b-45b9-4653-ba55-5f855dd0fb88", StringComparison.Ordinal));
    }

    private static string Describe(ArmResource assignment)
    {
        var roleDefinitionId = Text(assignment.Properties["roleDefinitionId"]);
        var role = RoleNames.FirstOrDefault(r => roleDefinitionId.Contains($"'{r.Key}'", StringComparison.Ordinal)).Value
            ?? $"unknown role {roleDefinitionId}";
        var scopeExpression = Text(assignment.Json["scope"]);
        var scope = assignment.Template.ReferencedResourceType(scopeExpression) ?? "an unknown scope";
        // A container or queue scope names it last: resourceId(type, account, 'default', variables('…Name')).
        var scopeName = ChildName().Match(scopeExpression) is { Success: true } child
            ? " " + Text(assignment.Template.Resolve(JsonValue.Create($"[variables('{child.Groups[1].Value}')]")))
            : string.Empty;
        var module = assignment.Template.Deployment is null ? "main" : assignment.Template.Path.Split('/')[^1];
        return $"{role} -> {Principal(assignment)} on {scope}{scopeName} in {module}";
    }

    [GeneratedRegex(@"'default', variables\('([^']+)'\)\)\]$")]
    private static partial Regex ChildName();

    private static string Principal(ArmResource assignment)
    {
        var principalId = Text(assignment.Properties["principalId"]);
        if (principalId == "[parameters('principalId')]")
        {
            // The module's principalId parameter, fed straight from main.bicep's principalId (AZURE_PRINCIPAL_ID).
            var passed = assignment.Template.Deployment?["properties"]?["parameters"]?["principalId"]?["value"]?.ToString();
            return passed == "[parameters('principalId')]" && assignment.Template.Parent?.Parent is null
                ? Deployer
                : $"an unexpected principal {principalId} (passed {passed})";
        }

        return assignment.Template.ReferencedResourceType(principalId) switch
        {
            "Microsoft.ManagedIdentity/userAssignedIdentities" when principalId.EndsWith(".principalId]", StringComparison.Ordinal) => AppIdentity,
            "Microsoft.EventGrid/topics" when principalId.EndsWith(".identity.principalId]", StringComparison.Ordinal) => TopicIdentity,
            _ => $"an unexpected principal {principalId}",
        };
    }
}
