targetScope = 'subscription'

metadata description = 'ChannelFunctions on Azure: a Flex Consumption function app that ingests VCC channel CloudEvents from an Event Grid topic into Cosmos DB, keyless throughout. The Event Grid subscription to the ingest function is created after the code is deployed, by the postdeploy hook (subscription.bicep).'

@description('Name of the azd environment; names the resource group and seeds the token in every resource name.')
@minLength(1)
@maxLength(64)
param environmentName string

@description('Azure region for all resources. It must offer Flex Consumption: `az functionapp list-flexconsumption-locations`.')
@minLength(1)
@metadata({
  azd: {
    type: 'location'
  }
})
param location string

@description('Object ID of the deploying user or service principal (azd passes AZURE_PRINCIPAL_ID). It gets data access to Cosmos DB and read access to blobs so a person can look at what the app stored. Empty: no such access.')
param principalId string = ''

@description('Type of principalId (azd passes AZURE_PRINCIPAL_TYPE).')
@allowed([
  'User'
  'ServicePrincipal'
])
param principalType string = 'User'

@description('Key that signs the lookup API\'s continuation tokens, shared by every instance (base64 of random bytes). New on every deployment unless given: page tokens issued before a deployment then get 400 and the client starts its listing again.')
@secure()
param lookupsTokenKey string = base64('${newGuid()}${newGuid()}')

@description('The key that signed the lookup API\'s continuation tokens before this deployment (base64), accepted too while the key is rotated, so page tokens issued before stay valid for their lifetime (Lookups__ContinuationTokenLifetime). Stored in Key Vault; the app reads it through a Key Vault reference. Empty: nothing is stored and the Lookups__PreviousContinuationTokenKey setting is left out.')
@secure()
param lookupsPreviousTokenKey string = ''

@description('The VCC webhook subscription secret the relay verifies signatures with. Stored in Key Vault; the app reads it through a Key Vault reference. Empty: nothing is stored, the Relay__Secrets__0 setting is left out and the relay refuses to serve.')
@secure()
param vccWebhookSecret string = ''

@description('Cosmos DB capacity: Serverless (default; pay per request unit consumed, nothing when idle) or ProvisionedAutoscale.')
@allowed([
  'Serverless'
  'ProvisionedAutoscale'
])
param cosmosCapacityMode string = 'Serverless'

@description('Autoscale ceiling in RU/s for the events container; used only with ProvisionedAutoscale (billed at least 10% of it every hour).')
@minValue(1000)
param cosmosAutoscaleMaxThroughput int = 1000

@description('.NET version of the Flex Consumption dotnet-isolated runtime. The app targets net10.0; 8.0 and 9.0 are fallbacks for a region without 10.0 (retarget the project to match).')
@allowed([
  '8.0'
  '9.0'
  '10.0'
])
param functionDotnetVersion string = '10.0'

@description('Memory of each function app instance, in MB.')
@allowed([
  512
  2048
  4096
])
param functionInstanceMemoryMB int = 2048

@description('Most instances the function app scales out to.')
@minValue(40)
@maxValue(1000)
param functionMaximumInstanceCount int = 100

@description('How many events of a batch the ingest function writes at once (Ingest__MaxConcurrency).')
@minValue(1)
param ingestMaxConcurrency int = 16

@description('Days stored data is kept (RETENTION_DAYS; Retention__Days): the Cosmos DB containers\' default time-to-live and the lifecycle policy on kept and dead-lettered events. 0 keeps everything forever.')
@minValue(0)
@maxValue(36500)
param retentionDays int = 400

@description('Fraction of traces sent to Application Insights, from 0 to 1 (TRACE_SAMPLING_RATIO): the Functions host and the worker sample alike. Metrics are never sampled.')
param traceSamplingRatio string = '0.05'

@description('Client ID of the Microsoft Entra app registration that signs people and scripts in to the lookups (AUTH_CLIENT_ID; docs/deploying.md, "Signing in"). Empty: no sign-in is configured, and the lookups refuse every request in Azure.')
param authClientId string = ''

@description('True (NETWORK_ISOLATION) to turn off public access to Cosmos DB, Storage, Key Vault and the Event Grid topic, reach them through private endpoints, and integrate the app with a virtual network. Off by default: it costs about 62 USD a month (docs/deploying.md, "Network isolation").')
param networkIsolation bool = false

import {
  ingestFunctionName
  relayRoute
  rejectedEventsContainerName
  deadLetterContainerName
  cosmosDatabaseName
  cosmosContainerName
} from 'app/contract.bicep'

@description('Resource-name prefixes.')
var abbrs = loadJsonContent('abbreviations.json')

@description('Short token that makes global names unique per subscription, environment and region.')
var resourceToken = toLower(uniqueString(subscription().id, environmentName, location))

@description('Tags on every resource; azd finds the environment\'s resources by azd-env-name.')
var tags = {
  'azd-env-name': environmentName
}

@description('Names of all resources, in one place.')
var names = {
  resourceGroup: '${abbrs.resourcesResourceGroups}${environmentName}'
  identity: '${abbrs.managedIdentityUserAssignedIdentities}${resourceToken}'
  storage: '${abbrs.storageStorageAccounts}${resourceToken}'
  dataStorage: '${abbrs.storageStorageAccounts}data${resourceToken}'
  vnet: '${abbrs.networkVirtualNetworks}${resourceToken}'
  logAnalytics: '${abbrs.operationalInsightsWorkspaces}${resourceToken}'
  applicationInsights: '${abbrs.insightsComponents}${resourceToken}'
  cosmos: '${abbrs.documentDBDatabaseAccounts}${resourceToken}'
  topic: '${abbrs.eventGridDomainsTopics}${resourceToken}'
  keyVault: '${abbrs.keyVaultVaults}${resourceToken}'
  plan: '${abbrs.webServerFarms}${resourceToken}'
  functionApp: '${abbrs.webSitesFunctions}${resourceToken}'
}

@description('Blob container that holds the Flex Consumption deployment package.')
var deploymentContainerName = 'app-package-${resourceToken}'

@description('The private DNS zone of each kind of private endpoint (network isolation).')
var privateDnsZoneNames = {
  cosmos: 'privatelink.documents.azure.com'
  blob: 'privatelink.blob.${environment().suffixes.storage}'
  queue: 'privatelink.queue.${environment().suffixes.storage}'
  table: 'privatelink.table.${environment().suffixes.storage}'
  vault: 'privatelink.vaultcore.azure.net'
  topic: 'privatelink.eventgrid.azure.net'
}

@description('The private endpoints of the network isolation: every service the app reaches but Application Insights.')
var privateEndpoints = [
  { name: 'cosmos', type: 'Microsoft.DocumentDB/databaseAccounts', resource: names.cosmos, groupId: 'Sql', zone: privateDnsZoneNames.cosmos }
  { name: 'data-blob', type: 'Microsoft.Storage/storageAccounts', resource: names.dataStorage, groupId: 'blob', zone: privateDnsZoneNames.blob }
  { name: 'data-queue', type: 'Microsoft.Storage/storageAccounts', resource: names.dataStorage, groupId: 'queue', zone: privateDnsZoneNames.queue }
  { name: 'host-blob', type: 'Microsoft.Storage/storageAccounts', resource: names.storage, groupId: 'blob', zone: privateDnsZoneNames.blob }
  { name: 'host-queue', type: 'Microsoft.Storage/storageAccounts', resource: names.storage, groupId: 'queue', zone: privateDnsZoneNames.queue }
  { name: 'host-table', type: 'Microsoft.Storage/storageAccounts', resource: names.storage, groupId: 'table', zone: privateDnsZoneNames.table }
  { name: 'vault', type: 'Microsoft.KeyVault/vaults', resource: names.keyVault, groupId: 'vault', zone: privateDnsZoneNames.vault }
  { name: 'topic', type: 'Microsoft.EventGrid/topics', resource: names.topic, groupId: 'topic', zone: privateDnsZoneNames.topic }
]

@description('Key Vault secret that holds the VCC webhook secret.')
var vccWebhookSecretName = 'vcc-webhook-secret'
@description('Key Vault secret that signs the lookup API\'s continuation tokens.')
var lookupsTokenKeyName = 'lookups-continuation-token-key'
@description('Key Vault secret that holds the previous continuation-token key while it is rotated.')
var lookupsPreviousTokenKeyName = 'lookups-continuation-token-previous-key'

resource rg 'Microsoft.Resources/resourceGroups@2025-04-01' = {
  name: names.resourceGroup
  location: location
  tags: tags
}

module identity 'core/security/user-assigned-identity.bicep' = {
  scope: rg
  params: {
    name: names.identity
    location: location
    tags: tags
  }
}

module storage 'core/storage/storage-account.bicep' = {
  scope: rg
  params: {
    name: names.storage
    location: location
    tags: tags
    containerNames: [
      deploymentContainerName
    ]
    identityName: names.identity
    networkIsolation: networkIsolation
  }
  dependsOn: [
    identity
  ]
}

module dataStorage 'core/storage/data-storage-account.bicep' = {
  scope: rg
  params: {
    name: names.dataStorage
    location: location
    tags: tags
    retentionDays: retentionDays
    networkIsolation: networkIsolation
    identityName: names.identity
    principalId: principalId
    principalType: principalType
  }
  dependsOn: [
    identity
  ]
}

module network 'core/network/virtual-network.bicep' = if (networkIsolation) {
  scope: rg
  params: {
    name: names.vnet
    location: location
    tags: tags
    privateDnsZoneNames: map(items(privateDnsZoneNames), zone => zone.value)
  }
}

module privateEndpoint 'core/network/private-endpoint.bicep' = [
  for endpoint in privateEndpoints: if (networkIsolation) {
    scope: rg
    params: {
      name: '${abbrs.networkPrivateLinkServices}${endpoint.name}-${resourceToken}'
      location: location
      tags: tags
      subnetId: network!.outputs.privateEndpointSubnetId
      serviceId: resourceId(subscription().subscriptionId, rg.name, endpoint.type, endpoint.resource)
      groupId: endpoint.groupId
      privateDnsZoneName: endpoint.zone
    }
    dependsOn: [
      storage
      dataStorage
      cosmos
      keyVault
      topic
    ]
  }
]

module monitoring 'core/monitor/monitoring.bicep' = {
  scope: rg
  params: {
    logAnalyticsName: names.logAnalytics
    applicationInsightsName: names.applicationInsights
    location: location
    tags: tags
    identityName: names.identity
  }
  dependsOn: [
    identity
  ]
}

module cosmos 'core/database/cosmos-nosql.bicep' = {
  scope: rg
  params: {
    accountName: names.cosmos
    location: location
    tags: tags
    databaseName: cosmosDatabaseName
    capacityMode: cosmosCapacityMode
    autoscaleMaxThroughput: cosmosAutoscaleMaxThroughput
    retentionDays: retentionDays
    networkIsolation: networkIsolation
    identityName: names.identity
    principalId: principalId
  }
  dependsOn: [
    identity
  ]
}

module topic 'core/messaging/event-grid-topic.bicep' = {
  scope: rg
  params: {
    name: names.topic
    location: location
    tags: tags
    identityName: names.identity
    deadLetterStorageAccountName: names.dataStorage
    networkIsolation: networkIsolation
  }
  dependsOn: [
    identity
    dataStorage
  ]
}

module dashboard 'core/monitor/dashboard.bicep' = {
  scope: rg
  params: {
    location: location
    tags: tags
    applicationInsightsName: names.applicationInsights
    topicName: names.topic
  }
  dependsOn: [
    monitoring
    topic
  ]
}

module keyVault 'core/security/key-vault.bicep' = {
  scope: rg
  params: {
    name: names.keyVault
    location: location
    tags: tags
    identityName: names.identity
    vccWebhookSecretName: vccWebhookSecretName
    vccWebhookSecret: vccWebhookSecret
    lookupsTokenKeyName: lookupsTokenKeyName
    lookupsTokenKey: lookupsTokenKey
    lookupsPreviousTokenKeyName: lookupsPreviousTokenKeyName
    lookupsPreviousTokenKey: lookupsPreviousTokenKey
    networkIsolation: networkIsolation
  }
  dependsOn: [
    identity
  ]
}

module functionApp 'app/function-app.bicep' = {
  scope: rg
  params: {
    planName: names.plan
    name: names.functionApp
    location: location
    tags: tags
    serviceName: 'api'
    dotnetVersion: functionDotnetVersion
    instanceMemoryMB: functionInstanceMemoryMB
    maximumInstanceCount: functionMaximumInstanceCount
    identityName: names.identity
    identityClientId: identity.outputs.clientId
    storageBlobEndpoint: storage.outputs.blobEndpoint
    storageQueueEndpoint: storage.outputs.queueEndpoint
    storageTableEndpoint: storage.outputs.tableEndpoint
    dataBlobEndpoint: dataStorage.outputs.blobEndpoint
    dataQueueEndpoint: dataStorage.outputs.queueEndpoint
    deploymentContainerName: deploymentContainerName
    rejectedEventsContainerName: rejectedEventsContainerName
    applicationInsightsConnectionString: monitoring.outputs.applicationInsightsConnectionString
    cosmosEndpoint: cosmos.outputs.endpoint
    cosmosDatabaseName: cosmosDatabaseName
    cosmosContainerName: cosmosContainerName
    ingestMaxConcurrency: ingestMaxConcurrency
    eventGridTopicEndpoint: topic.outputs.endpoint
    vccWebhookSecretUri: empty(vccWebhookSecret) ? '' : keyVault.outputs.vccWebhookSecretUri
    lookupsTokenKeyUri: keyVault.outputs.lookupsTokenKeyUri
    lookupsPreviousTokenKeyUri: empty(lookupsPreviousTokenKey) ? '' : keyVault.outputs.lookupsPreviousTokenKeyUri
    retentionDays: retentionDays
    traceSamplingRatio: traceSamplingRatio
    authClientId: authClientId
    appSubnetId: networkIsolation ? network!.outputs.appSubnetId : ''
  }
  dependsOn: [
    // With network isolation, the app reaches its stores only once their private endpoints exist.
    privateEndpoint
  ]
}

@description('Region of the deployment.')
output AZURE_LOCATION string = location

@description('Tenant of the subscription.')
output AZURE_TENANT_ID string = tenant().tenantId

@description('Resource group holding everything; the postdeploy hook deploys the event subscription into it.')
output AZURE_RESOURCE_GROUP string = rg.name

@description('Name of the function app.')
output AZURE_FUNCTION_APP_NAME string = functionApp.outputs.name

@description('Base URL of the function app.')
output AZURE_FUNCTION_APP_URL string = 'https://${functionApp.outputs.defaultHostName}'

@description('The URL to give VCC as the webhook subscription target (the relay, VccWebhookRelay).')
output VCC_WEBHOOK_URL string = 'https://${functionApp.outputs.defaultHostName}/api/${relayRoute}'

@description('The function the Event Grid subscription delivers to.')
output INGEST_FUNCTION_NAME string = ingestFunctionName

@description('Client ID of the app\'s user-assigned identity (named so that it does not set AZURE_CLIENT_ID in shells that load the azd environment).')
output AZURE_USER_ASSIGNED_IDENTITY_CLIENT_ID string = identity.outputs.clientId

@description('Name of the app\'s data storage account: kept events, Event Grid dead letters (the postdeploy hook\'s dead-letter destination) and the summary queues.')
output AZURE_STORAGE_ACCOUNT_NAME string = dataStorage.outputs.name

@description('Blob endpoint of the data storage account (RejectedEvents__BlobServiceUri).')
output AZURE_STORAGE_BLOB_ENDPOINT string = dataStorage.outputs.blobEndpoint

@description('Name of the Functions host\'s own storage account (AzureWebJobsStorage and the deployment package).')
output HOST_STORAGE_ACCOUNT_NAME string = storage.outputs.name

@description('Container of rejected events.')
output REJECTED_EVENTS_CONTAINER_NAME string = rejectedEventsContainerName

@description('Container Event Grid dead-letters undeliverable events to.')
output DEAD_LETTER_CONTAINER_NAME string = deadLetterContainerName

@description('Name of the Cosmos DB account.')
output AZURE_COSMOS_ACCOUNT_NAME string = cosmos.outputs.accountName

@description('Endpoint of the Cosmos DB account.')
output AZURE_COSMOS_ENDPOINT string = cosmos.outputs.endpoint

@description('Cosmos DB database.')
output COSMOS_DATABASE_NAME string = cosmos.outputs.databaseName

@description('Cosmos DB container of channel events.')
output COSMOS_CONTAINER_NAME string = cosmos.outputs.containerName

@description('Days stored data is kept; 0 is forever.')
output RETENTION_DAYS int = retentionDays

@description('Name of the Event Grid topic.')
output EVENT_GRID_TOPIC_NAME string = topic.outputs.name

@description('Publishing endpoint of the Event Grid topic.')
output EVENT_GRID_TOPIC_ENDPOINT string = topic.outputs.endpoint

@description('Name of the Key Vault.')
output AZURE_KEY_VAULT_NAME string = keyVault.outputs.name

@description('URI of the Key Vault.')
output AZURE_KEY_VAULT_ENDPOINT string = keyVault.outputs.uri

@description('Name of the Application Insights component.')
output APPLICATIONINSIGHTS_NAME string = monitoring.outputs.applicationInsightsName
