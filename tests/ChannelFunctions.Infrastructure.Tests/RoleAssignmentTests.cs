using static ChannelFunctions.Infrastructure.Tests.SecurityTests;

namespace ChannelFunctions.Infrastructure.Tests;

/// <summary>Each identity gets exactly the built-in roles it needs, on the resource they cover, and nothing else.</summary>
public sealed class RoleAssignmentTests
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
        ["3913510d-42f4-4e42-8a64-420c390055eb"] = "Monitoring Metrics Publisher",
        ["d5a91429-5739-47e2-a06b-3470a27159e7"] = "EventGrid Data Sender",
        ["4633458b-17de-408a-b874-0445c86b69e6"] = "Key Vault Secrets User",
    };

    [LinuxX64Fact]
    public void Role_assignments_are_exactly_the_needed_ones()
    {
        string[] expected =
        [
            $"Storage Blob Data Owner -> {AppIdentity} on Microsoft.Storage/storageAccounts",
            $"Storage Queue Data Contributor -> {AppIdentity} on Microsoft.Storage/storageAccounts",
            $"Storage Table Data Contributor -> {AppIdentity} on Microsoft.Storage/storageAccounts",
            $"Monitoring Metrics Publisher -> {AppIdentity} on Microsoft.Insights/components",
            $"EventGrid Data Sender -> {AppIdentity} on Microsoft.EventGrid/topics",
            $"Key Vault Secrets User -> {AppIdentity} on Microsoft.KeyVault/vaults",
            $"Storage Blob Data Contributor -> {TopicIdentity} on Microsoft.Storage/storageAccounts/blobServices/containers",
            $"Storage Blob Data Reader -> {Deployer} on Microsoft.Storage/storageAccounts",
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

    [LinuxX64Fact]
    public void Cosmos_data_plane_Data_Contributor_goes_to_the_app_identity_and_Data_Reader_to_the_deployer()
    {
        var assignments = Compiled.Main.AllResources("Microsoft.DocumentDB/databaseAccounts/sqlRoleAssignments").ToList();

        Assert.Equal(2, assignments.Count);
        Assert.All(assignments, a =>
        {
            var roleDefinitionId = Text(a.Properties["roleDefinitionId"]);
            Assert.Equal("Microsoft.DocumentDB/databaseAccounts", a.Template.ReferencedResourceType(roleDefinitionId));
            Assert.Equal("Microsoft.DocumentDB/databaseAccounts", a.Template.ReferencedResourceType(Text(a.Properties["scope"])));
        });
        // 00000000-0000-0000-0000-000000000001 is Cosmos DB Built-in Data Reader, …0002 Built-in Data Contributor.
        Assert.Equal(
            [$"{AppIdentity}: 00000000-0000-0000-0000-000000000002", $"{Deployer}: 00000000-0000-0000-0000-000000000001"],
            assignments
                .Select(a => $"{Principal(a)}: {Text(a.Properties["roleDefinitionId"]).Split("/sqlRoleDefinitions/")[1][..36]}")
                .Order(StringComparer.Ordinal));
    }

    private static string Describe(ArmResource assignment)
    {
        var roleDefinitionId = Text(assignment.Properties["roleDefinitionId"]);
        var role = RoleNames.FirstOrDefault(r => roleDefinitionId.Contains($"'{r.Key}'", StringComparison.Ordinal)).Value
            ?? $"unknown role {roleDefinitionId}";
        var scope = assignment.Template.ReferencedResourceType(Text(assignment.Json["scope"])) ?? "an unknown scope";
        return $"{role} -> {Principal(assignment)} on {scope}";
    }

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
