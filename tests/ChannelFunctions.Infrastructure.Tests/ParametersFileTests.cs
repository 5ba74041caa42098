using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace ChannelFunctions.Infrastructure.Tests;

/// <summary>main.parameters.json feeds main.bicep from the azd environment.</summary>
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
        Assert.Equal("${AZURE_ENV_NAME}", Parameters["environmentName"]!["value"]!.GetValue<string>());
        Assert.Equal("${AZURE_LOCATION}", Parameters["location"]!["value"]!.GetValue<string>());
        Assert.Equal("${AZURE_PRINCIPAL_ID}", Parameters["principalId"]!["value"]!.GetValue<string>());
        Assert.Equal("${AZURE_PRINCIPAL_TYPE}", Parameters["principalType"]!["value"]!.GetValue<string>());
        Assert.Equal("${VCC_WEBHOOK_SECRET}", Parameters["vccWebhookSecret"]!["value"]!.GetValue<string>());
        Assert.All(Parameters, p => Assert.Matches(EnvironmentReference(), p.Value!["value"]!.GetValue<string>()));
    }

    [GeneratedRegex(@"^\$\{[A-Z][A-Z0-9_]*\}$")]
    private static partial Regex EnvironmentReference();
}
