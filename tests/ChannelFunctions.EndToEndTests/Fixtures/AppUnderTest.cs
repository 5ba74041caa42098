using System.Reflection;
using System.Text.Json;

namespace ChannelFunctions.EndToEndTests.Fixtures;

/// <summary>The built app and the settings a developer starts it with (local.settings.sample.json).</summary>
public static class AppUnderTest
{
    /// <summary>The repository root, as the build recorded it.</summary>
    public static string RepositoryRoot { get; } = typeof(AppUnderTest).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>()
        .Single(a => a.Key == "RepositoryRoot").Value!;

    /// <summary>The app's build output for this test assembly's configuration: the function app directory.</summary>
    public static string BuildOutput { get; } = Path.Combine(
        RepositoryRoot, "src", "ChannelFunctions", "bin",
        typeof(AppUnderTest).Assembly.GetCustomAttribute<AssemblyConfigurationAttribute>()!.Configuration, "net10.0");

    /// <summary>
    /// The <c>Values</c> of local.settings.sample.json with the storage and Cosmos endpoints replaced by the test
    /// servers' and a database and blob container of the caller's, so runs do not share data.
    /// </summary>
    public static Dictionary<string, string?> SampleSettings(string storageConnectionString, string cosmosConnectionString, string dataName)
    {
        using var sample = JsonDocument.Parse(File.ReadAllBytes(Path.Combine(RepositoryRoot, "local.settings.sample.json")));
        var settings = sample.RootElement.GetProperty("Values").EnumerateObject()
            .ToDictionary(p => p.Name, p => (string?)p.Value.GetString(), StringComparer.Ordinal);
        settings["AzureWebJobsStorage"] = storageConnectionString;
        settings["RejectedEvents__ConnectionString"] = storageConnectionString;
        settings["RejectedEvents__ContainerName"] = dataName;
        settings["Cosmos__ConnectionString"] = cosmosConnectionString;
        settings["Cosmos__DatabaseName"] = dataName;
        return settings;
    }
}
