using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using Json.Schema;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace ChannelFunctions.Infrastructure.Tests;

/// <summary>azure.yaml is valid for azd (its published JSON schema, kept in infra/schemas) and points at the right things.</summary>
public sealed class AzureYamlTests
{
    private static readonly JsonNode AzureYaml = YamlToJson(Repo.File("azure.yaml"));

    // Built once: the schema registers itself under its $id, and building it twice is refused.
    private static readonly Lazy<JsonSchema> Schema = new(() => JsonSchema.FromText(File.ReadAllText(Repo.File("infra", "schemas", "azure.yaml.json"))));

    [Fact]
    public void Azure_yaml_validates_against_the_azd_schema()
    {
        using var instance = JsonDocument.Parse(AzureYaml.ToJsonString());

        var result = Schema.Value.Evaluate(instance.RootElement, new EvaluationOptions { OutputFormat = OutputFormat.List });

        Assert.True(result.IsValid, "azure.yaml does not validate:\n" + string.Join(
            "\n",
            (result.Details ?? []).Where(d => d.Errors is { Count: > 0 })
                .SelectMany(d => d.Errors!.Select(e => $"{d.InstanceLocation} ({d.EvaluationPath}): {e.Key}: {e.Value}"))));
    }

    /// <summary>A schema that accepted anything would make the test above worthless.</summary>
    [Fact]
    public void The_schema_rejects_an_azure_yaml_with_a_misspelt_hook()
    {
        var broken = AzureYaml.DeepClone();
        broken["hooks"]!["postdeploy"]!["posix"]!["shel"] = "sh";
        using var instance = JsonDocument.Parse(broken.ToJsonString());

        Assert.False(Schema.Value.Evaluate(instance.RootElement).IsValid);
    }

    [Fact]
    public void The_api_service_is_the_function_project_hosted_on_Azure_Functions()
    {
        var api = AzureYaml["services"]!["api"]!;

        Assert.Equal("./src/ChannelFunctions", api["project"]!.GetValue<string>());
        Assert.Equal("dotnet", api["language"]!.GetValue<string>());
        Assert.Equal("function", api["host"]!.GetValue<string>());
        Assert.Single(AzureYaml["services"]!.AsObject());
    }

    [Fact]
    public void Postdeploy_hook_runs_the_bash_script_on_posix_and_the_PowerShell_script_on_Windows()
    {
        var hook = AzureYaml["hooks"]!["postdeploy"]!;

        Assert.Equal("sh", hook["posix"]!["shell"]!.GetValue<string>());
        Assert.Equal("infra/hooks/postdeploy.sh", hook["posix"]!["run"]!.GetValue<string>());
        Assert.Equal("pwsh", hook["windows"]!["shell"]!.GetValue<string>());
        Assert.Equal("infra/hooks/postdeploy.ps1", hook["windows"]!["run"]!.GetValue<string>());
        Assert.True(File.Exists(Repo.File("infra", "hooks", "postdeploy.sh")));
        Assert.True(File.Exists(Repo.File("infra", "hooks", "postdeploy.ps1")));
        Assert.StartsWith("#!/usr/bin/env bash\n", File.ReadAllText(Repo.File("infra", "hooks", "postdeploy.sh")), StringComparison.Ordinal);
        if (!OperatingSystem.IsWindows())
        {
            Assert.True(
                (File.GetUnixFileMode(Repo.File("infra", "hooks", "postdeploy.sh")) & UnixFileMode.UserExecute) != 0,
                "azd runs a POSIX hook as an executable: postdeploy.sh must have its executable bit (git update-index --chmod=+x).");
        }
    }

    /// <summary>docs/deploying.md states the same minimum.</summary>
    [Fact]
    public void The_minimum_azd_version_is_stated_and_documented()
    {
        var required = AzureYaml["requiredVersions"]!["azd"]!.GetValue<string>();

        Assert.Equal(">= 1.18.0", required);
        Assert.Contains("1.18.0", File.ReadAllText(Repo.File("docs", "deploying.md")), StringComparison.Ordinal);
    }

    [Fact]
    public void The_schema_copy_names_its_source()
    {
        var readme = File.ReadAllText(Repo.File("infra", "schemas", "README.md"));

        Assert.Contains("https://raw.githubusercontent.com/Azure/azure-dev/main/schemas/v1.0/azure.yaml.json", readme, StringComparison.Ordinal);
    }

    /// <summary>YAML to JSON with YAML 1.2 core-schema typing for plain scalars (booleans, integers, null); quoted scalars stay strings.</summary>
    private static JsonNode YamlToJson(string path)
    {
        var stream = new YamlStream();
        using (var reader = new StreamReader(path))
        {
            stream.Load(reader);
        }

        return Convert(stream.Documents.Single().RootNode)!;

        static JsonNode? Convert(YamlNode node) => node switch
        {
            YamlMappingNode map => new JsonObject(map.Children.Select(p => KeyValuePair.Create(((YamlScalarNode)p.Key).Value!, Convert(p.Value)))),
            YamlSequenceNode seq => new JsonArray(seq.Children.Select(Convert).ToArray()),
            YamlScalarNode scalar => Scalar(scalar),
            _ => throw new NotSupportedException(node.GetType().Name),
        };

        static JsonNode? Scalar(YamlScalarNode scalar)
        {
            var text = scalar.Value ?? string.Empty;
            if (scalar.Style is ScalarStyle.SingleQuoted or ScalarStyle.DoubleQuoted or ScalarStyle.Literal or ScalarStyle.Folded)
            {
                return JsonValue.Create(text);
            }

            return text switch
            {
                "true" or "True" or "TRUE" => JsonValue.Create(true),
                "false" or "False" or "FALSE" => JsonValue.Create(false),
                "" or "~" or "null" or "Null" or "NULL" => null,
                _ when long.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var n) => JsonValue.Create(n),
                _ => JsonValue.Create(text),
            };
        }
    }
}
