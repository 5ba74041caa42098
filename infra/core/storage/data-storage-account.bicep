metadata description = 'The app\'s data storage account, apart from the Functions host\'s: kept (rejected) events, Event Grid dead letters and the summary request queues, with a lifecycle policy that deletes kept and dead-lettered events after the retention. Each identity gets the least data role on the one container or queue it uses. Keyless: shared-key access is off.'

import {
  rejectedEventsContainerName
  deadLetterContainerName
  summaryQueueName
  summaryPoisonQueueName
} from '../../app/contract.bicep'

@description('Name of the storage account (3-24 lowercase letters and digits).')
@minLength(3)
@maxLength(24)
param name string

@description('Azure region of the account.')
param location string

@description('Tags for the account.')
param tags resourceInput<'Microsoft.Storage/storageAccounts@2026-06-01'>.tags

@description('Days a kept or dead-lettered event is kept after it was written (Retention__Days); 0 keeps them forever (no lifecycle policy).')
@minValue(0)
@maxValue(36500)
param retentionDays int

@description('True to deny public network access (trusted Azure services, such as Event Grid dead-lettering with its identity, excepted): the app then reaches the account through private endpoints.')
param networkIsolation bool

@description('Name of the user-assigned identity the function app runs as.')
param identityName string

@description('Object ID of the deploying user or service principal; gets Storage Blob Data Reader on this account (kept and dead-lettered events, nothing of the host\'s) so a person can read them. Empty: no assignment.')
param principalId string

@description('Type of principalId.')
@allowed([
  'User'
  'ServicePrincipal'
])
param principalType string

resource identity 'Microsoft.ManagedIdentity/userAssignedIdentities@2024-11-30' existing = {
  name: identityName
}

resource account 'Microsoft.Storage/storageAccounts@2026-06-01' = {
  name: name
  location: location
  tags: tags
  kind: 'StorageV2'
  sku: {
    name: 'Standard_LRS'
  }
  properties: {
    accessTier: 'Hot'
    allowBlobPublicAccess: false
    allowCrossTenantReplication: false
    allowSharedKeyAccess: false
    defaultToOAuthAuthentication: true
    dnsEndpointType: 'Standard'
    minimumTlsVersion: 'TLS1_2'
    publicNetworkAccess: 'Enabled'
    supportsHttpsTrafficOnly: true
    networkAcls: {
      bypass: 'AzureServices'
      defaultAction: networkIsolation ? 'Deny' : 'Allow'
    }
  }
}

resource blobService 'Microsoft.Storage/storageAccounts/blobServices@2026-06-01' = {
  parent: account
  name: 'default'
}

resource rejectedEvents 'Microsoft.Storage/storageAccounts/blobServices/containers@2026-06-01' = {
  parent: blobService
  name: rejectedEventsContainerName
  properties: {
    publicAccess: 'None'
  }
}

resource deadLetters 'Microsoft.Storage/storageAccounts/blobServices/containers@2026-06-01' = {
  parent: blobService
  name: deadLetterContainerName
  properties: {
    publicAccess: 'None'
  }
}

resource queueService 'Microsoft.Storage/storageAccounts/queueServices@2026-06-01' = {
  parent: account
  name: 'default'
}

resource summaryQueue 'Microsoft.Storage/storageAccounts/queueServices/queues@2026-06-01' = {
  parent: queueService
  name: summaryQueueName
}

resource summaryPoisonQueue 'Microsoft.Storage/storageAccounts/queueServices/queues@2026-06-01' = {
  parent: queueService
  name: summaryPoisonQueueName
}

resource retention 'Microsoft.Storage/storageAccounts/managementPolicies@2026-06-01' = if (retentionDays > 0) {
  parent: account
  name: 'default'
  properties: {
    policy: {
      rules: [
        {
          name: 'delete-kept-events-after-retention'
          enabled: true
          type: 'Lifecycle'
          definition: {
            filters: {
              blobTypes: [
                'blockBlob'
              ]
              prefixMatch: [
                '${rejectedEvents.name}/'
                '${deadLetters.name}/'
              ]
            }
            actions: {
              baseBlob: {
                // Kept and dead-lettered blobs are written once and never changed: their age is the event's.
                delete: {
                  daysAfterCreationGreaterThan: retentionDays
                }
              }
            }
          }
        }
      ]
    }
  }
}

// Role definition IDs are written out literally so the compiled template shows them and the tests can check each.

resource identityRejectedEventsContributor 'Microsoft.Authorization/roleAssignments@2022-04-01' = {
  // Ingest writes kept events, replay reads them back; no other container.
  scope: rejectedEvents
  name: guid(rejectedEvents.id, identity.id, 'ba92f5b4-2d11-453d-a403-e96b0029c9fe')
  properties: {
    // Storage Blob Data Contributor
    roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', 'ba92f5b4-2d11-453d-a403-e96b0029c9fe')
    principalId: identity.properties.principalId
    principalType: 'ServicePrincipal'
  }
}

// The summary queue: what Microsoft lists for an identity-based queue trigger (Reader, Message Processor) and what
// sending a message needs (Message Sender); nothing that creates, deletes or clears queues.
resource identitySummaryQueueReader 'Microsoft.Authorization/roleAssignments@2022-04-01' = {
  scope: summaryQueue
  name: guid(summaryQueue.id, identity.id, '19e7f393-937e-4f77-808e-94535e297925')
  properties: {
    // Storage Queue Data Reader: the trigger and the scale controller read the queue's length.
    roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', '19e7f393-937e-4f77-808e-94535e297925')
    principalId: identity.properties.principalId
    principalType: 'ServicePrincipal'
  }
}

resource identitySummaryQueueProcessor 'Microsoft.Authorization/roleAssignments@2022-04-01' = {
  scope: summaryQueue
  name: guid(summaryQueue.id, identity.id, '8a0f0c08-91a1-4084-bc3d-661d67233fed')
  properties: {
    // Storage Queue Data Message Processor: the trigger receives and deletes messages.
    roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', '8a0f0c08-91a1-4084-bc3d-661d67233fed')
    principalId: identity.properties.principalId
    principalType: 'ServicePrincipal'
  }
}

resource identitySummaryQueueSender 'Microsoft.Authorization/roleAssignments@2022-04-01' = {
  scope: summaryQueue
  name: guid(summaryQueue.id, identity.id, 'c6a89b2d-59bc-44d0-9896-0f6e12d7b80a')
  properties: {
    // Storage Queue Data Message Sender: the app asks for a summary by sending a message.
    roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', 'c6a89b2d-59bc-44d0-9896-0f6e12d7b80a')
    principalId: identity.properties.principalId
    principalType: 'ServicePrincipal'
  }
}

resource identityPoisonQueueSender 'Microsoft.Authorization/roleAssignments@2022-04-01' = {
  // The host moves a message that failed every attempt here (it exists, so the host only sends to it).
  scope: summaryPoisonQueue
  name: guid(summaryPoisonQueue.id, identity.id, 'c6a89b2d-59bc-44d0-9896-0f6e12d7b80a')
  properties: {
    // Storage Queue Data Message Sender
    roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', 'c6a89b2d-59bc-44d0-9896-0f6e12d7b80a')
    principalId: identity.properties.principalId
    principalType: 'ServicePrincipal'
  }
}

resource principalBlobDataReader 'Microsoft.Authorization/roleAssignments@2022-04-01' = if (!empty(principalId)) {
  scope: account
  name: guid(account.id, principalId, '2a2b9908-6ea1-4ae2-8e65-a410df84e7d1')
  properties: {
    // Storage Blob Data Reader
    roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', '2a2b9908-6ea1-4ae2-8e65-a410df84e7d1')
    principalId: principalId
    principalType: principalType
  }
}

@description('Name of the account.')
output name string = account.name

@description('Resource ID of the account.')
output id string = account.id

@description('Blob service endpoint, e.g. https://<name>.blob.core.windows.net/.')
output blobEndpoint string = account.properties.primaryEndpoints.blob

@description('Queue service endpoint.')
output queueEndpoint string = account.properties.primaryEndpoints.queue
