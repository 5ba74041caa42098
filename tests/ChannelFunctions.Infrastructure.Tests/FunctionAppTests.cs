using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using System.Xml.Linq;
using static ChannelFunctions.Infrastructure.Tests.SecurityTests;

namespace ChannelFunctions.Infrastructure.Tests;

/// <summary>The Flex Consumption app: plan, runtime, identity, deployment storage and the app settings the code binds.</summary>
public sealed partial class FunctionAppTests
{
    [LinuxX64Fact]
    public void Plan_is_Flex_Consumption()
    {
        var plan = Compiled.Main.Single("Microsoft.Web/serverfarms");

        Assert.Equal("FC1", Text(plan.Json["sku"]!["name"]));
        Assert.Equal("FlexConsumption", Text(plan.Json["sku"]!["tier"]));
        Assert.True(Bool(plan.Property("reserved")));
    }

    [LinuxX64Fact]
    public void Runtime_is_dotnet_isolated_at_the_version_the_projects_target()
    {
        var site = Compiled.Main.Single("Microsoft.Web/sites");
        var targetFramework = XDocument.Load(Repo.File("Directory.Build.props")).Descendants("TargetFramework").Single().Value;
        var expected = TargetFrameworkVersion().Match(targetFramework) is { Success: true } m
            ? m.Groups[1].Value
            : throw new Xunit.Sdk.XunitException($"unexpected TargetFramework {targetFramework}");

        Assert.Equal("functionapp,linux", Text(site.Json["kind"]));
        Assert.Equal("dotnet-isolated", Text(site.Property("functionAppConfig.runtime.name")));
        Assert.Equal(expected, Text(site.Property("functionAppConfig.runtime.version")));
        Assert.Equal(["8.0", "9.0", "10.0"], Compiled.Main.Parameter("functionDotnetVersion")["allowedValues"]!.AsArray().Select(v => v!.GetValue<string>()));
    }

    [LinuxX64Fact]
    public void App_runs_as_the_user_assigned_identity_for_deployment_and_Key_Vault_references()
    {
        var site = Compiled.Main.Single("Microsoft.Web/sites");
        var identity = site.Json["identity"]!;
        var deploymentStorage = site.Property("functionAppConfig.deployment.storage")!;

        Assert.Equal("UserAssigned", Text(identity["type"]));
        Assert.Contains("Microsoft.ManagedIdentity/userAssignedIdentities", identity["userAssignedIdentities"]!.AsObject().Single().Key, StringComparison.Ordinal);
        Assert.Contains("Microsoft.ManagedIdentity/userAssignedIdentities", Text(site.Property("keyVaultReferenceIdentity")), StringComparison.Ordinal);
        Assert.Equal("blobContainer", Text(deploymentStorage["type"]));
        Assert.Equal("UserAssignedIdentity", Text(deploymentStorage["authentication"]!["type"]));
        Assert.Contains("Microsoft.ManagedIdentity/userAssignedIdentities", Text(deploymentStorage["authentication"]!["userAssignedIdentityResourceId"]), StringComparison.Ordinal);
    }

    [LinuxX64Fact]
    public void App_is_tagged_for_azd_as_the_api_service()
    {
        var site = Compiled.Main.Single("Microsoft.Web/sites");

        Assert.Equal("[union(parameters('tags'), createObject('azd-service-name', parameters('serviceName')))]", Text(site.Json["tags"]));
        Assert.Equal("api", Text(site.Template.Resolve(JsonValue.Create("[parameters('serviceName')]"))));
        Assert.Equal("[parameters('environmentName')]", Text(Compiled.Main.Json["variables"]!["tags"]!["azd-env-name"]));
    }

    [LinuxX64Fact]
    public void App_settings_are_exactly_the_ones_the_code_binds()
    {
        var (always, conditional) = AppSettings();

        Assert.Equal(AppSettingsContract.Always.Order(StringComparer.Ordinal), always.Keys.Order(StringComparer.Ordinal));
        Assert.Equal(AppSettingsContract.Conditional, conditional);
        Assert.Equal(AppSettingsContract.All.Order(StringComparer.Ordinal), always.Keys.Concat(conditional).Order(StringComparer.Ordinal));
    }

    [LinuxX64Fact]
    public void App_settings_carry_the_right_values()
    {
        var (settings, _) = AppSettings();
        var template = Compiled.Main.Single("Microsoft.Web/sites").Template;
        string Value(string name) => Text(template.Resolve(settings[name]));

        Assert.Equal("managedidentity", Value("AzureWebJobsStorage__credential"));
        Assert.Equal("channelfunctions", Value("Cosmos__DatabaseName"));
        Assert.Equal("channel-events", Value("Cosmos__ContainerName"));
        Assert.Equal("rejected-events", Value("RejectedEvents__ContainerName"));
        Assert.Equal("[reference('identity').outputs.clientId.value]", Value("AZURE_CLIENT_ID"));
        Assert.Equal("[reference('identity').outputs.clientId.value]", Value("AzureWebJobsStorage__clientId"));
        Assert.Equal("[format('ClientId={0};Authorization=AAD', parameters('identityClientId'))]", Value("APPLICATIONINSIGHTS_AUTHENTICATION_STRING"));
        Assert.Equal("[reference('monitoring').outputs.applicationInsightsConnectionString.value]", Value("APPLICATIONINSIGHTS_CONNECTION_STRING"));
        Assert.Equal("[reference('storage').outputs.blobEndpoint.value]", Value("AzureWebJobsStorage__blobServiceUri"));
        Assert.Equal("[reference('storage').outputs.queueEndpoint.value]", Value("AzureWebJobsStorage__queueServiceUri"));
        Assert.Equal("[reference('storage').outputs.tableEndpoint.value]", Value("AzureWebJobsStorage__tableServiceUri"));
        Assert.Equal("[reference('dataStorage').outputs.blobEndpoint.value]", Value("RejectedEvents__BlobServiceUri"));
        Assert.Equal("[reference('cosmos').outputs.endpoint.value]", Value("Cosmos__AccountEndpoint"));
        Assert.Equal("[reference('topic').outputs.endpoint.value]", Value("Relay__TopicEndpoint"));
        Assert.Equal("[string(parameters('ingestMaxConcurrency'))]", Value("Ingest__MaxConcurrency"));
        Assert.Equal(16, Number(template.Resolve(JsonValue.Create("[parameters('ingestMaxConcurrency')]"))));
        Assert.Equal("[format('@Microsoft.KeyVault(SecretUri={0})', parameters('lookupsTokenKeyUri'))]", Value("Lookups__ContinuationTokenKey"));
    }

    [LinuxX64Fact]
    public void The_new_containers_and_the_summary_queue_have_the_names_the_options_default_to()
    {
        var (settings, _) = AppSettings();
        var template = Compiled.Main.Single("Microsoft.Web/sites").Template;
        string Value(string name) => Text(template.Resolve(settings[name]));
        var cosmos = new ChannelFunctions.Core.Storage.CosmosOptions();

        Assert.Equal(cosmos.PresenceContainerName, Value("Cosmos__PresenceContainerName"));
        Assert.Equal(cosmos.AgentStateContainerName, Value("Cosmos__AgentStateContainerName"));
        Assert.Equal(cosmos.SummaryContainerName, Value("Cosmos__SummaryContainerName"));
        Assert.Equal(cosmos.ErasureContainerName, Value("Cosmos__ErasureContainerName"));
        Assert.Equal(["presence-events", "agent-states", "conversation-summaries", "erasures"],
            [cosmos.PresenceContainerName, cosmos.AgentStateContainerName, cosmos.SummaryContainerName, cosmos.ErasureContainerName]);
        // The summary queue trigger's identity-based connection points at the data account's queues, as the app identity.
        Assert.Equal("[reference('dataStorage').outputs.queueEndpoint.value]", Value("SummaryQueue__queueServiceUri"));
        Assert.Equal("managedidentity", Value("SummaryQueue__credential"));
        Assert.Equal("[reference('identity').outputs.clientId.value]", Value("SummaryQueue__clientId"));
    }

    [LinuxX64Fact]
    public void Retention_days_come_from_one_parameter_defaulting_to_400_as_the_options_do()
    {
        var (settings, _) = AppSettings();
        var template = Compiled.Main.Single("Microsoft.Web/sites").Template;
        var parameter = Compiled.Main.Parameter("retentionDays");

        Assert.Equal("[string(parameters('retentionDays'))]", Text(settings["Retention__Days"]));
        Assert.Equal(new ChannelFunctions.Core.Storage.RetentionOptions().Days, Number(parameter["defaultValue"]));
        Assert.Equal((0, 36500), (Number(parameter["minValue"]), Number(parameter["maxValue"])));
        Assert.Equal(400, Number(template.Resolve(JsonValue.Create("[parameters('retentionDays')]"))));
    }

    /// <summary>
    /// One ratio for the host and the worker (issue 22): the host's OpenTelemetry reads OTEL_TRACES_SAMPLER(_ARG), the
    /// worker Telemetry__TraceSamplingRatio; 5% in Azure, while the options default to everything for a local run.
    /// </summary>
    [LinuxX64Fact]
    public void Trace_sampling_is_one_ratio_for_the_host_and_the_worker_5_percent_in_Azure()
    {
        var (settings, _) = AppSettings();
        var template = Compiled.Main.Single("Microsoft.Web/sites").Template;

        Assert.Equal("microsoft.fixed_percentage", Text(settings["OTEL_TRACES_SAMPLER"]));
        Assert.Equal("[parameters('traceSamplingRatio')]", Text(settings["OTEL_TRACES_SAMPLER_ARG"]));
        Assert.Equal("[parameters('traceSamplingRatio')]", Text(settings["Telemetry__TraceSamplingRatio"]));
        Assert.Equal("0.05", Text(template.Resolve(JsonValue.Create("[parameters('traceSamplingRatio')]"))));
        Assert.Equal(1.0, new ChannelFunctions.Core.Telemetry.TelemetryOptions().TraceSamplingRatio);
    }

    [LinuxX64Fact]
    public void Continuation_token_key_is_a_secure_generated_parameter_kept_in_Key_Vault()
    {
        var key = Compiled.Main.Parameter("lookupsTokenKey");
        var secrets = Compiled.Main.AllResources("Microsoft.KeyVault/vaults/secrets").Select(s => Text(s.Json["name"])).ToList();

        Assert.Equal("securestring", Text(key["type"]));
        Assert.Equal("[base64(format('{0}{1}', newGuid(), newGuid()))]", Text(key["defaultValue"]));
        Assert.Contains(secrets, name => name.Contains("lookupsTokenKeyName", StringComparison.Ordinal));
    }

    [LinuxX64Fact]
    public void Relay_secret_is_a_Key_Vault_reference_set_only_when_a_secret_is_given()
    {
        var site = Compiled.Main.Single("Microsoft.Web/sites");
        var conditional = Text(site.Template.Json["variables"]!["relaySecretSettings"]);
        var functionAppModule = Compiled.Main.AllResources("Microsoft.Resources/deployments").Single(d => d.SymbolicName == "functionApp");
        var secretParameter = Compiled.Main.Parameter("vccWebhookSecret");

        Assert.Equal(
            "[if(empty(parameters('vccWebhookSecretUri')), createObject(), createObject('Relay__Secrets__0', format('@Microsoft.KeyVault(SecretUri={0})', parameters('vccWebhookSecretUri'))))]",
            conditional);
        Assert.Equal(
            "[if(empty(parameters('vccWebhookSecret')), createObject('value', ''), createObject('value', reference('keyVault').outputs.vccWebhookSecretUri.value))]",
            Text(functionAppModule.Json["properties"]!["parameters"]!["vccWebhookSecretUri"]));
        Assert.Equal("securestring", Text(secretParameter["type"]));
        Assert.Equal(string.Empty, Text(secretParameter["defaultValue"]));
        Assert.Contains(
            "Microsoft.ManagedIdentity/userAssignedIdentities",
            Text(site.Property("keyVaultReferenceIdentity")),
            StringComparison.Ordinal);
    }

    [LinuxX64Fact]
    public void Previous_token_key_is_a_Key_Vault_reference_set_only_while_a_key_is_rotated()
    {
        var site = Compiled.Main.Single("Microsoft.Web/sites");
        var conditional = Text(site.Template.Json["variables"]!["lookupsPreviousKeySettings"]);
        var functionAppModule = Compiled.Main.AllResources("Microsoft.Resources/deployments").Single(d => d.SymbolicName == "functionApp");
        var keyParameter = Compiled.Main.Parameter("lookupsPreviousTokenKey");
        var secrets = Compiled.Main.AllResources("Microsoft.KeyVault/vaults/secrets").Select(s => Text(s.Json["name"])).ToList();

        Assert.Equal(
            "[if(empty(parameters('lookupsPreviousTokenKeyUri')), createObject(), createObject('Lookups__PreviousContinuationTokenKey', format('@Microsoft.KeyVault(SecretUri={0})', parameters('lookupsPreviousTokenKeyUri'))))]",
            conditional);
        Assert.Equal(
            "[if(empty(parameters('lookupsPreviousTokenKey')), createObject('value', ''), createObject('value', reference('keyVault').outputs.lookupsPreviousTokenKeyUri.value))]",
            Text(functionAppModule.Json["properties"]!["parameters"]!["lookupsPreviousTokenKeyUri"]));
        Assert.Equal("securestring", Text(keyParameter["type"]));
        Assert.Equal(string.Empty, Text(keyParameter["defaultValue"]));
        Assert.Contains(secrets, name => name.Contains("lookupsPreviousTokenKeyName", StringComparison.Ordinal));
    }

    /// <summary>
    /// The appsettings resource's properties are union(variables('appSettings'), variables('relaySecretSettings'),
    /// variables('lookupsPreviousKeySettings')): a literal object (names always set) and conditional ones, whose names
    /// are the createObject keys.
    /// </summary>
    private static (Dictionary<string, JsonNode?> Always, List<string> Conditional) AppSettings()
    {
        var config = Compiled.Main.AllResources("Microsoft.Web/sites/config").Single(c => Text(c.Json["name"]).EndsWith("'appsettings')]", StringComparison.Ordinal));
        var expression = Text(config.Json["properties"]);
        var variables = VariableName().Matches(expression).Select(m => m.Groups[1].Value).ToList();
        Assert.StartsWith("[union(", expression, StringComparison.Ordinal);

        var always = new Dictionary<string, JsonNode?>(StringComparer.Ordinal);
        var conditional = new List<string>();
        foreach (var variable in variables)
        {
            switch (config.Template.Json["variables"]![variable])
            {
                case JsonObject literal:
                    foreach (var (name, value) in literal)
                    {
                        always.Add(name, value);
                    }

                    break;
                case JsonValue expr when expr.GetValue<string>().StartsWith("[if(", StringComparison.Ordinal):
                    conditional.AddRange(CreateObjectKey().Matches(expr.GetValue<string>()).Select(m => m.Groups[1].Value));
                    break;
                case var other:
                    throw new Xunit.Sdk.XunitException($"app settings variable '{variable}' is neither an object nor a conditional: {other}");
            }
        }

        return (always, conditional);
    }

    [GeneratedRegex(@"^net(\d+\.\d+)$")]
    private static partial Regex TargetFrameworkVersion();

    [GeneratedRegex(@"variables\('([^']+)'\)")]
    private static partial Regex VariableName();

    [GeneratedRegex(@"createObject\('([^']+)'")]
    private static partial Regex CreateObjectKey();
}
