using System.Text.Json;
using Azure.Storage.Blobs;
using ChannelFunctions.IntegrationTests.Ingest;
using ChannelFunctions.IntegrationTests.Servers;
using Microsoft.Azure.Cosmos;
using Microsoft.Extensions.Configuration;

namespace ChannelFunctions.IntegrationTests.Cli;

/// <summary>
/// Fresh stores of the shared servers for one CLI test, and a settings file (like local.settings.json) pointing at
/// them, which the CLI is given with <c>--settings</c>.
/// </summary>
internal sealed class CliStack : IDisposable
{
    private readonly Dictionary<string, string> _values;

    private CliStack(Container container, BlobContainerClient blobs, Dictionary<string, string> values)
    {
        Container = container;
        Blobs = blobs;
        _values = values;
        SettingsFile = Settings();
    }

    public static string RepositoryRoot { get; } = FindRepositoryRoot();

    public static string Samples { get; } = Path.Combine(RepositoryRoot, "samples");

    public Container Container { get; }

    public BlobContainerClient Blobs { get; }

    public string SettingsFile { get; }

    public static async Task<CliStack> CreateAsync(ServersFixture servers)
    {
        var container = await servers.CreateContainerAsync();
        var blobs = await servers.CreateBlobContainerAsync();
        return new CliStack(container, blobs, new Dictionary<string, string>
        {
            ["Cosmos__ConnectionString"] = servers.Cosmos.ConnectionString,
            ["Cosmos__DatabaseName"] = container.Database.Id,
            ["Cosmos__ContainerName"] = container.Id,
            ["RejectedEvents__ConnectionString"] = servers.Storage.BlobConnectionString,
            ["RejectedEvents__ContainerName"] = blobs.Name,
        });
    }

    /// <summary>The same settings as configuration, as the function app reads them.</summary>
    public IConfiguration Configuration() => new ConfigurationBuilder()
        .AddInMemoryCollection(_values.Select(value => KeyValuePair.Create(value.Key.Replace("__", ":", StringComparison.Ordinal), (string?)value.Value)))
        .Build();

    /// <summary>Another settings file for the same stores, with some values changed.</summary>
    public string Settings(params (string Key, string Value)[] changes)
    {
        var values = new Dictionary<string, string>(_values);
        foreach (var (key, value) in changes)
        {
            values[key] = value;
        }

        var path = Path.Combine(Path.GetTempPath(), $"cli-settings-{Guid.NewGuid():N}.json");
        File.WriteAllText(path, JsonSerializer.Serialize(new { IsEncrypted = false, Values = values }));
        return path;
    }

    public Task<int> CountDocumentsAsync() => IngestStack.CountDocumentsAsync(Container);

    public async Task<int> CountBlobsAsync()
    {
        var count = 0;
        await foreach (var _ in Blobs.GetBlobsAsync())
        {
            count++;
        }

        return count;
    }

    public void Dispose()
    {
        foreach (var file in Directory.GetFiles(Path.GetTempPath(), "cli-settings-*.json"))
        {
            if (File.ReadAllText(file).Contains(Container.Id, StringComparison.Ordinal))
            {
                File.Delete(file);
            }
        }
    }

    private static string FindRepositoryRoot()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "ChannelFunctions.sln")))
            {
                return directory.FullName;
            }
        }

        throw new InvalidOperationException("ChannelFunctions.sln not found above the test output.");
    }
}
