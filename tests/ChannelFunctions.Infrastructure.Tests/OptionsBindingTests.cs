using System.Reflection;
using System.Text.Json;
using ChannelFunctions.Core.Storage;

namespace ChannelFunctions.Infrastructure.Tests;

/// <summary>
/// Every <c>Section__Property</c> setting the template or the local sample sets is one the code binds: a property of
/// the options class whose <c>SectionName</c> is that section. A typo in either would otherwise be silently ignored.
/// </summary>
public sealed class OptionsBindingTests
{
    // Identity-based connections, read by the Functions host and its extensions (the host's storage, the summary queue
    // trigger), not by our options classes.
    private static readonly string[] HostSections = ["AzureWebJobsStorage", "AzureFunctionsJobHost", "SummaryQueue"];

    private static readonly Dictionary<string, Type> OptionsBySection = typeof(CosmosOptions).Assembly.GetTypes()
        .Select(type => (type, field: type.GetField("SectionName", BindingFlags.Public | BindingFlags.Static)))
        .Where(pair => pair.field is { IsLiteral: true } && pair.type.Name.EndsWith("Options", StringComparison.Ordinal))
        .ToDictionary(pair => (string)pair.field!.GetRawConstantValue()!, pair => pair.type);

    [Fact]
    public void The_options_classes_are_found()
    {
        Assert.Equal(["Cosmos", "Ingest", "Lookups", "Metrics", "RejectedEvents", "Relay", "Retention", "Telemetry", "Validation"], OptionsBySection.Keys.Order());
    }

    [Fact]
    public void Every_app_setting_of_the_template_names_an_option_the_code_binds() =>
        AssertBound(AppSettingsContract.All);

    [Fact]
    public void Every_setting_of_the_local_sample_names_an_option_the_code_binds()
    {
        using var sample = JsonDocument.Parse(File.ReadAllBytes(Repo.File("local.settings.sample.json")));

        AssertBound(sample.RootElement.GetProperty("Values").EnumerateObject().Select(setting => setting.Name));
    }

    private static void AssertBound(IEnumerable<string> settings)
    {
        var unbound = settings
            .Where(setting => setting.Contains("__", StringComparison.Ordinal))
            .Select(setting => setting.Split("__"))
            .Where(parts => !HostSections.Contains(parts[0]))
            .Where(parts => !OptionsBySection.TryGetValue(parts[0], out var options)
                || options.GetProperty(parts[1], BindingFlags.Public | BindingFlags.Instance | BindingFlags.IgnoreCase) is not { CanWrite: true })
            .Select(parts => string.Join("__", parts))
            .ToList();

        Assert.Empty(unbound);
    }
}
