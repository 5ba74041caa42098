metadata description = 'The Event Grid subscription from the topic to the IngestChannelEvents function. Deployed by the postdeploy hook (hooks/postdeploy.sh|ps1) into the resource group main.bicep created, after azd has deployed the code: Event Grid checks that the function exists when the subscription is created.'

import { ingestFunctionName, deadLetterContainerName } from 'app/contract.bicep'

@description('Name of the Event Grid topic (EVENT_GRID_TOPIC_NAME).')
param topicName string

@description('Name of the function app (AZURE_FUNCTION_APP_NAME).')
param functionAppName string

@description('Name of the app\'s data storage account, which holds the dead-letter container (AZURE_STORAGE_ACCOUNT_NAME).')
param storageAccountName string

@description('Most events Event Grid puts in one delivery to the function (1-5,000). The ingest function handles a batch within Event Grid\'s 30-second delivery timeout.')
@minValue(1)
@maxValue(5000)
param maxEventsPerBatch int = 100

@description('Target size of one delivery in kilobytes (1-1,024); a single larger event still goes in a batch of its own.')
@minValue(1)
@maxValue(1024)
param preferredBatchSizeInKilobytes int = 256

@description('Delivery attempts before an event is dead-lettered (1-30).')
@minValue(1)
@maxValue(30)
param maxDeliveryAttempts int = 30

@description('Minutes Event Grid keeps retrying an event before it is dead-lettered (1-1,440).')
@minValue(1)
@maxValue(1440)
param eventTimeToLiveInMinutes int = 1440

@description('Resource-name prefixes.')
var abbrs = loadJsonContent('abbreviations.json')

resource topic 'Microsoft.EventGrid/topics@2025-02-15' existing = {
  name: topicName
}

resource functionApp 'Microsoft.Web/sites@2025-03-01' existing = {
  name: functionAppName
}

resource storage 'Microsoft.Storage/storageAccounts@2026-06-01' existing = {
  name: storageAccountName
}

resource ingestSubscription 'Microsoft.EventGrid/topics/eventSubscriptions@2025-02-15' = {
  parent: topic
  name: '${abbrs.eventGridEventSubscriptions}ingest-channel-events'
  properties: {
    eventDeliverySchema: 'CloudEventSchemaV1_0'
    destination: {
      endpointType: 'AzureFunction'
      properties: {
        resourceId: '${functionApp.id}/functions/${ingestFunctionName}'
        maxEventsPerBatch: maxEventsPerBatch
        preferredBatchSizeInKilobytes: preferredBatchSizeInKilobytes
      }
    }
    retryPolicy: {
      maxDeliveryAttempts: maxDeliveryAttempts
      eventTimeToLiveInMinutes: eventTimeToLiveInMinutes
    }
    // The topic's system-assigned identity writes dead letters: it has Storage Blob Data Contributor on this one
    // container of the data account (core/messaging/event-grid-topic.bicep), nothing more; the account allows no shared keys.
    deadLetterWithResourceIdentity: {
      identity: {
        type: 'SystemAssigned'
      }
      deadLetterDestination: {
        endpointType: 'StorageBlob'
        properties: {
          resourceId: storage.id
          blobContainerName: deadLetterContainerName
        }
      }
    }
  }
}

@description('Name of the event subscription.')
output name string = ingestSubscription.name
