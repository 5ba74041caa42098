using ChannelFunctions.Core;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace ChannelFunctions.Cli;

/// <summary>The service container of a command: the core's and the lookups' services on the CLI's configuration.</summary>
internal static class CliServices
{
    /// <summary>The services; logs go to stderr, errors only unless <paramref name="verbose"/>.</summary>
    public static ServiceProvider Create(IConfiguration configuration, bool verbose)
    {
        var services = new ServiceCollection();
        services.AddLogging(logging => logging
            .AddConsole(console => console.LogToStandardErrorThreshold = LogLevel.Trace)
            .SetMinimumLevel(verbose ? LogLevel.Information : LogLevel.Error));
        services.AddSingleton(configuration);
        services.AddChannelFunctionsCore(configuration).AddChannelFunctionsLookups(configuration);
        return services.BuildServiceProvider();
    }
}
