using ChannelFunctions.Core.Lookups;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace ChannelFunctions.Core;

/// <summary>Registers the lookups: options, continuation tokens, request parsing and the Cosmos DB queries.</summary>
public static class LookupServiceCollectionExtensions
{
    /// <summary>
    /// Adds the lookups, bound from the <c>Lookups</c> configuration section. Needs
    /// <see cref="ServiceCollectionExtensions.AddChannelFunctionsCore"/> for the Cosmos DB container.
    /// </summary>
    public static IServiceCollection AddChannelFunctionsLookups(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<LookupOptions>().Bind(configuration.GetSection(LookupOptions.SectionName))
            .ValidateDataAnnotations()
            .Validate(o => ContinuationTokens.IsValidKey(o.ContinuationTokenKey),
                "Lookups: Lookups__ContinuationTokenKey must be base64 of at least 32 random bytes.")
            .ValidateOnStart();
        services.TryAddSingleton<ContinuationTokens>();
        services.TryAddSingleton<LookupRequests>();
        services.TryAddSingleton<IChannelEventQueries, CosmosChannelEventQueries>();
        return services;
    }
}
