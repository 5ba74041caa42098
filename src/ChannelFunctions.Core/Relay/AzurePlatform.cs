namespace ChannelFunctions.Core.Relay;

/// <summary>
/// Whether this process runs in Azure (App Service or Azure Functions, Flex Consumption included), told by the
/// environment variables the platform sets and a local run does not. Switches meant for local development only are
/// refused where this says Azure.
/// </summary>
/// <param name="Evidence">The platform variable that was found set; <c>null</c> when none was (a local run).</param>
public sealed record AzurePlatform(string? Evidence)
{
    /// <summary>
    /// The variables looked at: App Service sets <c>WEBSITE_SITE_NAME</c>, <c>WEBSITE_SKU</c> and, except on Flex
    /// Consumption, <c>WEBSITE_INSTANCE_ID</c>; Flex Consumption's instances also carry <c>LEGION_SERVICE_HOST</c>.
    /// (<c>WEBSITE_HOSTNAME</c> is not one of them: Core Tools sets it locally.)
    /// </summary>
    public static IReadOnlyList<string> Variables { get; } = ["WEBSITE_SITE_NAME", "WEBSITE_SKU", "WEBSITE_INSTANCE_ID", "LEGION_SERVICE_HOST"];

    /// <summary>A local run: none of the platform's variables is set.</summary>
    public static AzurePlatform Local { get; } = new((string?)null);

    /// <summary>Whether the process runs in Azure.</summary>
    public bool IsAzure => Evidence is not null;

    /// <summary>Looks the platform's variables up (in configuration, which holds the environment in the function app).</summary>
    public static AzurePlatform From(Func<string, string?> variable) =>
        new(Variables.FirstOrDefault(name => !string.IsNullOrWhiteSpace(variable(name))));
}
