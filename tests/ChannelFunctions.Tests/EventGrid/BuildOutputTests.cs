using System.Reflection;
using System.Text.Json;

namespace ChannelFunctions.Tests.EventGrid;

/// <summary>
/// The files the Functions host reads from the app's build output. The host never runs on our build machines,
/// so these are checked as the host would read them.
/// </summary>
public sealed class BuildOutputTests
{
    private static readonly string AppOutput = Path.Combine(
        RepositoryRoot(), "src", "ChannelFunctions", "bin",
        typeof(BuildOutputTests).Assembly.GetCustomAttribute<AssemblyConfigurationAttribute>()!.Configuration, "net10.0");

    private static JsonElement ReadJson(string name)
    {
        var path = Path.Combine(AppOutput, name);
        Assert.True(File.Exists(path), $"{path} is missing: build src/ChannelFunctions first.");
        using var document = JsonDocument.Parse(File.ReadAllBytes(path));
        return document.RootElement.Clone();
    }

    [Fact]
    public void Functions_metadata_declares_the_batched_event_grid_trigger()
    {
        var function = ReadJson("functions.metadata").EnumerateArray()
            .Single(f => f.GetProperty("name").GetString() == "IngestChannelEvents");

        Assert.Equal("dotnet-isolated", function.GetProperty("language").GetString());
        Assert.Equal("ChannelFunctions.Ingest.IngestChannelEvents.RunAsync", function.GetProperty("entryPoint").GetString());
        var binding = Assert.Single(function.GetProperty("bindings").EnumerateArray());
        Assert.Equal("eventGridTrigger", binding.GetProperty("type").GetString());
        Assert.Equal("In", binding.GetProperty("direction").GetString());
        Assert.Equal("Many", binding.GetProperty("cardinality").GetString());
        Assert.Equal("String", binding.GetProperty("dataType").GetString());
    }

    [Fact]
    public void Functions_metadata_declares_the_anonymous_vcc_webhook_relay()
    {
        var function = ReadJson("functions.metadata").EnumerateArray()
            .Single(f => f.GetProperty("name").GetString() == "VccWebhookRelay");

        var trigger = function.GetProperty("bindings").EnumerateArray().Single(b => b.GetProperty("type").GetString() == "httpTrigger");
        Assert.Equal("Anonymous", trigger.GetProperty("authLevel").GetString());
        Assert.Equal("vcc/events", trigger.GetProperty("route").GetString());
        Assert.Equal(["post"], trigger.GetProperty("methods").EnumerateArray().Select(m => m.GetString()));
        Assert.Contains(function.GetProperty("bindings").EnumerateArray(), b => b.GetProperty("type").GetString() == "http");
    }

    [Fact]
    public void Extensions_json_loads_the_event_grid_host_extension_the_build_bundled()
    {
        var extension = ReadJson("extensions.json").GetProperty("extensions").EnumerateArray()
            .Single(e => e.GetProperty("name").GetString() == "EventGrid");

        var typeName = extension.GetProperty("typeName").GetString()!;
        Assert.StartsWith(
            "Microsoft.Azure.WebJobs.Extensions.EventGrid.EventGridWebJobsStartup, Microsoft.Azure.WebJobs.Extensions.EventGrid, Version=3.",
            typeName, StringComparison.Ordinal);
        var hintPath = extension.GetProperty("hintPath").GetString()!;
        var assembly = Path.Combine(AppOutput, hintPath);
        Assert.True(File.Exists(assembly), $"the host extension assembly {hintPath} is not in the output");
        // ExtensionInformation floats (3.*): extensions.json must name the assembly that was bundled, whichever it is.
        var bundled = AssemblyName.GetAssemblyName(assembly).Version!;
        Assert.Contains($"Version={bundled},", typeName, StringComparison.Ordinal);
    }

    [Fact]
    public void Host_json_is_in_the_output()
    {
        var host = ReadJson("host.json");

        Assert.Equal("2.0", host.GetProperty("version").GetString());
    }

    internal static string RepositoryRoot()
    {
        var directory = new DirectoryInfo(AppContext.BaseDirectory);
        while (directory is not null && !File.Exists(Path.Combine(directory.FullName, "ChannelFunctions.sln")))
        {
            directory = directory.Parent;
        }

        return directory?.FullName ?? throw new InvalidOperationException("ChannelFunctions.sln not found above the test output.");
    }
}
