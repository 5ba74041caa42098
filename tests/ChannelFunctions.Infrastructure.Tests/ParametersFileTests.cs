using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace ChannelFunctions.Infrastructure.Tests;

/// <summary>
/// main.parameters.json feeds main.bicep from the azd environment. Every parameter main.bicep restricts or defaults has a
/// default in the file too (<c>${NAME=value}</c>, the same value): azd versions that pass an unset variable as "" would
/// otherwise send "" to an <c>@allowed</c> list and fail the deployment.
/// </summary>
public sealed partial class ParametersFileTests
{
    private static readonly JsonObject Parameters =
        JsonNode.Parse(File.ReadAllText(Repo.File("infra", "main.parameters.json")))!["parameters"]!.AsObject();

    [LinuxX64Fact]
    public void Every_parameter_in_the_file_exists_in_main_bicep_and_every_required_one_is_given()
    {
        var declared = Compiled.Main.Json["parameters"]!.AsObject();

        Assert.All(Parameters, p => Assert.True(declared.ContainsKey(p.Key), $"main.bicep has no parameter '{p.Key}'"));
        Assert.All(
            declared.Where(p => !p.Value!.AsObject().ContainsKey("defaultValue")),
            p => Assert.True(Parameters.ContainsKey(p.Key), $"main.parameters.json does not give required parameter '{p.Key}'"));
    }

    [Fact]
    public void Values_come_from_azd_environment_variables()
    {
        Assert.Equal("${AZURE_ENV_NAME}", Value("environmentName"));
        Assert.Equal("${AZURE_LOCATION}", Value("location"));
        Assert.Equal("${AZURE_PRINCIPAL_ID}", Value("principalId"));
        Assert.Equal("${VCC_WEBHOOK_SECRET}", Value("vccWebhookSecret"));
        Assert.Equal("${LOOKUPS_PREVIOUS_TOKEN_KEY}", Value("lookupsPreviousTokenKey"));
        Assert.Equal("${AUTH_CLIENT_ID}", Value("authClientId"));
        Assert.All(Parameters, p => Assert.Matches(EnvironmentReference(), p.Value!["value"]!.GetValue<string>()));
    }

    /// <summary>The file's default is main.bicep's: an unset variable means the same thing with every azd.</summary>
    [LinuxX64Theory]
    [InlineData("principalType", "AZURE_PRINCIPAL_TYPE")]
    [InlineData("cosmosCapacityMode", "COSMOS_CAPACITY_MODE")]
    [InlineData("functionDotnetVersion", "FUNCTION_DOTNET_VERSION")]
    [InlineData("retentionDays", "RETENTION_DAYS")]
    [InlineData("traceSamplingRatio", "TRACE_SAMPLING_RATIO")]
    [InlineData("networkIsolation", "NETWORK_ISOLATION")]
    public void A_defaulted_parameter_has_the_same_default_in_the_file(string parameter, string variable)
    {
        var declared = Compiled.Main.Parameter(parameter);
        var bicepDefault = declared["defaultValue"]!.ToJsonString().Trim('"');

        Assert.Equal($"${{{variable}={bicepDefault}}}", Value(parameter));
    }

    [LinuxX64Fact]
    public void Every_parameter_with_allowed_values_the_file_feeds_has_a_default_there()
    {
        var restricted = Compiled.Main.Json["parameters"]!.AsObject()
            .Where(p => p.Value!["allowedValues"] is not null && Parameters.ContainsKey(p.Key))
            .Select(p => p.Key)
            .ToList();

        Assert.NotEmpty(restricted);
        Assert.All(restricted, name => Assert.Contains("=", Value(name), StringComparison.Ordinal));
    }

    private static string Value(string parameter) => Parameters[parameter]!["value"]!.GetValue<string>();

    [GeneratedRegex(@"^\$\{[A-Z][A-Z0-9_]*(=[^}]*)?\}$")]
    private static partial Regex EnvironmentReference();
}
