using System.Text.Json.Nodes;
using static ChannelFunctions.Infrastructure.Tests.SecurityTests;

namespace ChannelFunctions.Infrastructure.Tests;

/// <summary>subscription.bicep: the topic delivers CloudEvents in batches to IngestChannelEvents, retries, then dead-letters with an identity.</summary>
public sealed class EventSubscriptionTests
{
    private static ArmResource Subscription => Compiled.EventSubscription.Single("Microsoft.EventGrid/topics/eventSubscriptions");

    [LinuxX64Fact]
    public void Delivers_CloudEvents_1_0_to_the_IngestChannelEvents_function()
    {
        var destination = Subscription.Property("destination")!;
        var resourceId = Text(destination["properties"]!["resourceId"]);

        Assert.Equal("CloudEventSchemaV1_0", Text(Subscription.Property("eventDeliverySchema")));
        Assert.Equal("AzureFunction", Text(destination["endpointType"]));
        Assert.Equal("[format('{0}/functions/{1}', resourceId('Microsoft.Web/sites', parameters('functionAppName')), variables('ingestFunctionName'))]", resourceId);
        Assert.Equal("IngestChannelEvents", Text(Compiled.EventSubscription.Json["variables"]!["ingestFunctionName"]));
        Assert.StartsWith("[format('{0}/{1}', parameters('topicName'), ", Text(Subscription.Json["name"]), StringComparison.Ordinal);
    }

    [LinuxX64Fact]
    public void Delivers_in_batches_within_Event_Grid_limits()
    {
        var destination = Subscription.Property("destination")!["properties"]!;
        var maxEvents = Number(Subscription.Template.Resolve(destination["maxEventsPerBatch"]));
        var preferredKb = Number(Subscription.Template.Resolve(destination["preferredBatchSizeInKilobytes"]));

        Assert.Equal(100, maxEvents);
        Assert.Equal(256, preferredKb);
        Assert.InRange(maxEvents, 2, 5000);
        Assert.InRange(preferredKb, 1, 1024);
        Assert.Equal(5000, Number(Compiled.EventSubscription.Parameter("maxEventsPerBatch")["maxValue"]));
        Assert.Equal(1024, Number(Compiled.EventSubscription.Parameter("preferredBatchSizeInKilobytes")["maxValue"]));
    }

    [LinuxX64Fact]
    public void Retries_for_up_to_a_day()
    {
        var retry = Subscription.Property("retryPolicy")!;

        Assert.Equal(30, Number(Subscription.Template.Resolve(retry["maxDeliveryAttempts"])));
        Assert.Equal(1440, Number(Subscription.Template.Resolve(retry["eventTimeToLiveInMinutes"])));
    }

    [LinuxX64Fact]
    public void Dead_letters_to_the_storage_container_with_the_topic_identity_never_a_key()
    {
        var deadLetter = Subscription.Property("deadLetterWithResourceIdentity")!;
        var destination = deadLetter["deadLetterDestination"]!;

        Assert.Null(Subscription.Property("deadLetterDestination"));
        Assert.Equal("SystemAssigned", Text(deadLetter["identity"]!["type"]));
        Assert.Equal("StorageBlob", Text(destination["endpointType"]));
        Assert.Equal("[resourceId('Microsoft.Storage/storageAccounts', parameters('storageAccountName'))]", Text(destination["properties"]!["resourceId"]));
        Assert.Equal("eventgrid-dead-letter", Text(Subscription.Template.Resolve(destination["properties"]!["blobContainerName"])));

        // The container exists in the data account (main.bicep creates it), the hook names that account, and the topic's
        // own identity may write to the container.
        Assert.Equal("SystemAssigned", Text(Compiled.Main.Single("Microsoft.EventGrid/topics").Json["identity"]!["type"]));
        var deadLetters = Compiled.Main.AllResources("Microsoft.Storage/storageAccounts/blobServices/containers").Single(c => c.SymbolicName == "deadLetters");
        Assert.Equal("eventgrid-dead-letter", Text(deadLetters.Template.Resolve(JsonValue.Create("[variables('deadLetterContainerName')]"))));
        Assert.Equal("[reference('dataStorage').outputs.name.value]", Text(Compiled.Main.Json["outputs"]!["AZURE_STORAGE_ACCOUNT_NAME"]!["value"]));
    }
}
