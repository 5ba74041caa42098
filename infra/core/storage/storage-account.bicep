metadata description = 'The Functions host\'s own storage account: AzureWebJobsStorage (the host\'s leases, keys and timers) and the Flex Consumption deployment package. The app\'s data lives in an account of its own (data-storage-account.bicep), so the broad roles the host needs here reach none of it. Keyless: shared-key access is off, so every client uses Microsoft Entra ID.'

@description('Name of the storage account (3-24 lowercase letters and digits).')
@minLength(3)
@maxLength(24)
param name string

@description('Azure region of the account.')
param location string

@description('Tags for the account.')
param tags resourceInput<'Microsoft.Storage/storageAccounts@2026-06-01'>.tags

@description('Blob containers to create (all private).')
param containerNames string[]

@description('Name of the user-assigned identity the function app runs as; it gets the data roles the Functions host needs.')
param identityName string

@description('True to deny public network access (trusted Azure services excepted): the app then reaches the account through private endpoints.')
param networkIsolation bool

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

resource containers 'Microsoft.Storage/storageAccounts/blobServices/containers@2026-06-01' = [
  for containerName in containerNames: {
    parent: blobService
    name: containerName
    properties: {
      publicAccess: 'None'
    }
  }
]

// Role definition IDs are written out literally (not looked up from a variable) so the compiled
// template shows them and the infrastructure tests can check each one.

// The roles Microsoft documents for an identity-based AzureWebJobsStorage connection, on this account only: the host
// creates its own containers, queues and tables here, so nothing narrower than the account works.
// Blob: the host's storage and the Flex Consumption deployment package.
resource identityBlobDataOwner 'Microsoft.Authorization/roleAssignments@2022-04-01' = {
  scope: account
  name: guid(account.id, identity.id, 'b7e6dc6d-f1e8-4753-8033-0f276bb0955b')
  properties: {
    // Storage Blob Data Owner
    roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', 'b7e6dc6d-f1e8-4753-8033-0f276bb0955b')
    principalId: identity.properties.principalId
    principalType: 'ServicePrincipal'
  }
}

// Queue and table: the Functions host's identity-based AzureWebJobsStorage connection uses both.
resource identityQueueDataContributor 'Microsoft.Authorization/roleAssignments@2022-04-01' = {
  scope: account
  name: guid(account.id, identity.id, '974c5e8b-45b9-4653-ba55-5f855dd0fb88')
  properties: {
    // Storage Queue Data Contributor
    roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', '974c5e8b-45b9-4653-ba55-5f855dd0fb88')
    principalId: identity.properties.principalId
    principalType: 'ServicePrincipal'
  }
}

resource identityTableDataContributor 'Microsoft.Authorization/roleAssignments@2022-04-01' = {
  scope: account
  name: guid(account.id, identity.id, '0a9a7e1f-b9d0-4cc4-a60d-0319b160aaa3')
  properties: {
    // Storage Table Data Contributor
    roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', '0a9a7e1f-b9d0-4cc4-a60d-0319b160aaa3')
    principalId: identity.properties.principalId
    principalType: 'ServicePrincipal'
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

@description('Table service endpoint.')
output tableEndpoint string = account.properties.primaryEndpoints.table
