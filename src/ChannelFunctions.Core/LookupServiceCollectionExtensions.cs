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
    /// <see cref="ServiceCollectionExtensions.AddChannelFunctionsCore"/> for the Cosmos DB container. The options are
    /// validated on first use, not on start: a bad lookups setting must not stop ingest and the relay; the lookups
    /// answer 503 (<see cref="Microsoft.Extensions.Options.OptionsValidationException"/>) until it is fixed.
    /// </summary>
    public static IServiceCollection AddChannelFunctionsLookups(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<LookupOptions>().Bind(configuration.GetSection(LookupOptions.SectionName))
            .ValidateDataAnnotations()
            .Validate(o => ContinuationTokens.IsValidKey(o.ContinuationTokenKey), ContinuationTokens.KeyRule)
            .Validate(o => ContinuationTokens.IsValidKey(o.PreviousContinuationTokenKey), ContinuationTokens.PreviousKeyRule);
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton<ContinuationTokens>();
        services.TryAddSingleton<LookupRequests>();
        services.TryAddSingleton<IChannelEventQueries, CosmosChannelEventQueries>();
        return services;
    }
}
