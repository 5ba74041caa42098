namespace ChannelFunctions.Infrastructure.Tests;

/// <summary>
/// The app settings the code binds: the one list the tests compare the template with. Change it together with the
/// options classes in src/ and infra/app/function-app.bicep.
/// </summary>
internal static class AppSettingsContract
{
    /// <summary>Always set in Azure.</summary>
    public static readonly string[] Always =
    [
        "AZURE_CLIENT_ID",
        "APPLICATIONINSIGHTS_CONNECTION_STRING",
        "APPLICATIONINSIGHTS_AUTHENTICATION_STRING",
        "OTEL_TRACES_SAMPLER",
        "OTEL_TRACES_SAMPLER_ARG",
        "Telemetry__TraceSamplingRatio",
        "AzureWebJobsStorage__blobServiceUri",
        "AzureWebJobsStorage__queueServiceUri",
        "AzureWebJobsStorage__tableServiceUri",
        "AzureWebJobsStorage__credential",
        "AzureWebJobsStorage__clientId",
        "Cosmos__AccountEndpoint",
        "Cosmos__DatabaseName",
        "Cosmos__ContainerName",
        "Cosmos__PresenceContainerName",
        "Cosmos__AgentStateContainerName",
        "Cosmos__SummaryContainerName",
        "Cosmos__ErasureContainerName",
        "Retention__Days",
        "RejectedEvents__BlobServiceUri",
        "RejectedEvents__ContainerName",
        "SummaryQueue__queueServiceUri",
        "SummaryQueue__credential",
        "SummaryQueue__clientId",
        "Ingest__MaxConcurrency",
        "Relay__TopicEndpoint",
        "Lookups__ContinuationTokenKey",
    ];

    /// <summary>Set only when a VCC webhook secret is given (a Key Vault reference); without it the relay refuses to serve.</summary>
    public const string RelaySecret = "Relay__Secrets__0";

    /// <summary>Set only while the continuation-token key is rotated (a Key Vault reference to the previous key).</summary>
    public const string PreviousTokenKey = "Lookups__PreviousContinuationTokenKey";

    /// <summary>The settings set only when their value is given.</summary>
    public static readonly string[] Conditional = [RelaySecret, PreviousTokenKey];

    public static IEnumerable<string> All => Always.Concat(Conditional);
}
