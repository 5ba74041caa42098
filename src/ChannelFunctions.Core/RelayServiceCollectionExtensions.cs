using Azure.Core;
using Azure.Messaging.EventGrid;
using ChannelFunctions.Core.Relay;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace ChannelFunctions.Core;

/// <summary>Registers the VCC webhook relay: options, the signature verifier and the publisher.</summary>
public static class RelayServiceCollectionExtensions
{
    /// <summary>
    /// Adds the VCC webhook relay, bound from the <c>Relay</c> section, on top of <see cref="ServiceCollectionExtensions.AddChannelFunctionsCore"/>:
    /// the signature verifier and the publisher, which is the Event Grid topic when <see cref="RelayOptions.TopicEndpoint"/>
    /// is set and the ingest core otherwise. Options are not validated on start: a relay misconfiguration must not stop
    /// the rest of the app (ingest) from starting; the relay reports it instead.
    /// </summary>
    public static IServiceCollection AddChannelFunctionsRelay(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<RelayOptions>().Bind(configuration.GetSection(RelayOptions.SectionName)).ValidateDataAnnotations();
        services.TryAddSingleton(TimeProvider.System);
        // In the function app the environment is part of configuration, so this sees the platform's variables.
        services.TryAddSingleton(_ => AzurePlatform.From(name => configuration[name]));
        services.TryAddSingleton<VccSignatureVerifier>();
        services.TryAddSingleton<RelayRejections>();
        services.TryAddSingleton<IRelayPublisher>(provider =>
            provider.GetRequiredService<IOptions<RelayOptions>>().Value.TopicEndpoint is { IsAbsoluteUri: true } topic
                ? ActivatorUtilities.CreateInstance<EventGridRelayPublisher>(provider,
                    new EventGridPublisherClient(topic, provider.GetRequiredService<TokenCredential>(), EventGridRelayPublisher.ClientOptions()))
                : ActivatorUtilities.CreateInstance<IngestRelayPublisher>(provider));
        return services;
    }
}
