metadata description = 'The Event Grid custom topic the relay publishes VCC CloudEvents to. CloudEvents 1.0 input schema, local (access key / SAS) auth disabled: publishers need Microsoft Entra ID and the EventGrid Data Sender role. The topic\'s own system-assigned identity writes dead letters to the storage account.'

@description('Name of the topic.')
param name string

@description('Azure region of the topic.')
param location string

@description('Tags for the topic.')
param tags resourceInput<'Microsoft.EventGrid/topics@2025-02-15'>.tags

@description('Name of the user-assigned identity the function app runs as; it gets EventGrid Data Sender on the topic so the relay can publish.')
param identityName string

import { deadLetterContainerName } from '../../app/contract.bicep'

@description('Name of the app\'s data storage account, which holds the dead-letter container; the topic\'s identity gets Storage Blob Data Contributor on that container only.')
param deadLetterStorageAccountName string

@description('True to turn off public network access: the relay then publishes through a private endpoint.')
param networkIsolation bool

resource identity 'Microsoft.ManagedIdentity/userAssignedIdentities@2024-11-30' existing = {
  name: identityName
}

resource deadLetterStorage 'Microsoft.Storage/storageAccounts@2026-06-01' existing = {
  name: deadLetterStorageAccountName

  resource blobService 'blobServices' existing = {
    name: 'default'

    resource deadLetterContainer 'containers' existing = {
      name: deadLetterContainerName
    }
  }
}

resource topic 'Microsoft.EventGrid/topics@2025-02-15' = {
  name: name
  location: location
  tags: tags
  identity: {
    // Used by the event subscription (deadLetterWithResourceIdentity) to write undeliverable events to blob storage.
    type: 'SystemAssigned'
  }
  properties: {
    inputSchema: 'CloudEventSchemaV1_0'
    disableLocalAuth: true
    minimumTlsVersionAllowed: '1.2'
    publicNetworkAccess: networkIsolation ? 'Disabled' : 'Enabled'
  }
}

resource identityDataSender 'Microsoft.Authorization/roleAssignments@2022-04-01' = {
  scope: topic
  name: guid(topic.id, identity.id, 'd5a91429-5739-47e2-a06b-3470a27159e7')
  properties: {
    // EventGrid Data Sender
    roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', 'd5a91429-5739-47e2-a06b-3470a27159e7')
    principalId: identity.properties.principalId
    principalType: 'ServicePrincipal'
  }
}

resource topicDeadLetterWriter 'Microsoft.Authorization/roleAssignments@2022-04-01' = {
  // The dead-letter container only: the topic has no business with the rejected events or the deployment package.
  scope: deadLetterStorage::blobService::deadLetterContainer
  name: guid(deadLetterStorage::blobService::deadLetterContainer.id, topic.id, 'ba92f5b4-2d11-453d-a403-e96b0029c9fe')
  properties: {
    // Storage Blob Data Contributor: the role Event Grid's managed-identity delivery docs name for blob destinations.
    roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', 'ba92f5b4-2d11-453d-a403-e96b0029c9fe')
    principalId: topic.identity.principalId
    principalType: 'ServicePrincipal'
  }
}

@description('Name of the topic.')
output name string = topic.name

@description('Resource ID of the topic (the target of its private endpoint).')
output id string = topic.id

@description('Publishing endpoint of the topic, e.g. https://<name>.<region>-1.eventgrid.azure.net/api/events.')
output endpoint string = topic.properties.endpoint
