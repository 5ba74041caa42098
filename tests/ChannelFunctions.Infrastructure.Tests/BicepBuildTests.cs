using System.Text.Json;
using System.Text.Json.Nodes;
using Xunit.Abstractions;

namespace ChannelFunctions.Infrastructure.Tests;

/// <summary>Every Bicep file compiles, with zero diagnostics, under a configuration that makes each linter rule an error.</summary>
public sealed class BicepBuildTests(ITestOutputHelper output)
{
    [LinuxX64Fact]
    public void Every_bicep_file_under_infra_compiles_with_no_warning_or_error()
    {
        var build = BicepCli.All;
        output.WriteLine($"bicep build of {build.SourceFiles.Count} files: {build.Elapsed.TotalSeconds:F1} s");

        Assert.True(build.ExitCode == 0, $"bicep build failed:\n{build.Output}");
        Assert.True(build.Output.Length == 0, $"bicep build reported diagnostics:\n{build.Output}");
        Assert.Contains("main.bicep", build.SourceFiles);
        Assert.Contains("subscription.bicep", build.SourceFiles);
        Assert.Equal(build.SourceFiles, build.Templates.Keys.Order(StringComparer.Ordinal));
    }

    [LinuxX64Fact]
    public void Every_linter_rule_in_bicepconfig_is_an_error()
    {
        var config = JsonNode.Parse(
            File.ReadAllText(Repo.File("infra", "bicepconfig.json")),
            documentOptions: new JsonDocumentOptions { CommentHandling = JsonCommentHandling.Skip, AllowTrailingCommas = true })!;
        var rules = config["analyzers"]!["core"]!["rules"]!.AsObject();

        Assert.True(config["analyzers"]!["core"]!["enabled"]!.GetValue<bool>());
        Assert.True(rules.Count >= 50, $"only {rules.Count} rules configured");
        Assert.All(rules, rule => Assert.Equal("error", rule.Value!["level"]!.GetValue<string>()));
    }

    /// <summary>The configuration really is in force: a finding that is a warning by default fails the build.</summary>
    [LinuxX64Fact]
    public void A_linter_finding_fails_the_build_under_the_repository_configuration()
    {
        var (exitCode, output) = ScratchBuild.Value;

        Assert.NotEqual(0, exitCode);
        Assert.Matches(@"unused-param\.bicep\(\d+,\d+\) : Error no-unused-params", output);
    }

    /// <summary>use-recent-api-versions, off by default, is on, with its date pinned so the result does not change with the clock.</summary>
    [LinuxX64Fact]
    public void An_outdated_api_version_fails_the_build()
    {
        var (exitCode, output) = ScratchBuild.Value;

        Assert.NotEqual(0, exitCode);
        Assert.Matches(@"old-api-version\.bicep\(\d+,\d+\) : Error use-recent-api-versions", output);
    }

    /// <summary>Two deliberately faulty files, compiled in one Bicep run with the repository's bicepconfig.json.</summary>
    private static readonly Lazy<(int ExitCode, string Output)> ScratchBuild = new(() =>
    {
        var dir = Directory.CreateTempSubdirectory("channelfunctions-bicep-scratch-").FullName;
        try
        {
            File.WriteAllText(Path.Combine(dir, "unused-param.bicep"), """
                @description('Never used.')
                param unused string
                """);
            File.WriteAllText(Path.Combine(dir, "old-api-version.bicep"), """
                @description('Region.')
                param location string
                resource old 'Microsoft.ManagedIdentity/userAssignedIdentities@2018-11-30' = {
                  name: 'id-scratch'
                  location: location
                }
                """);
            var (exitCode, stdout, stderr) = BicepCli.Run(
                dir, "build", "--pattern", "*.bicep", "--outdir", Path.Combine(dir, "out"), "--config", Repo.File("infra", "bicepconfig.json"));
            return (exitCode, stdout + stderr);
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    });
}
