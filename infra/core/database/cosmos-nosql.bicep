metadata description = 'Cosmos DB for NoSQL: keyless (local auth disabled), serverless by default or provisioned autoscale; one database and the channel-events container with the indexing policy the lookups use, loaded from the one file the code also reads.'

@description('Name of the Cosmos DB account.')
param accountName string

@description('Azure region of the account.')
param location string

@description('Tags for the account.')
param tags resourceInput<'Microsoft.DocumentDB/databaseAccounts@2026-03-15'>.tags

@description('Name of the database.')
param databaseName string

@description('Name of the container for the channel events.')
param containerName string

@description('Serverless (pay per request unit, no minimum) or ProvisionedAutoscale (a throughput ceiling, billed at least 10% of it every hour).')
@allowed([
  'Serverless'
  'ProvisionedAutoscale'
])
param capacityMode string

@description('Autoscale ceiling in RU/s for the container when capacityMode is ProvisionedAutoscale.')
@minValue(1000)
param autoscaleMaxThroughput int

@description('Name of the user-assigned identity the function app runs as; it gets the data-plane Cosmos DB Built-in Data Contributor role.')
param identityName string

@description('Object ID of the deploying user or service principal; gets Cosmos DB Built-in Data Reader so it can look at the data (Data Explorer, SDK, the CLI\'s show) but not change it. Empty: no assignment.')
param principalId string

@description('The one source of the container\'s indexing policy, shared with the code that creates the container locally.')
var indexingPolicy = loadJsonContent('../../../src/ChannelFunctions.Core/Storage/indexing-policy.json')

@description('True for a serverless account.')
var serverless = capacityMode == 'Serverless'

resource identity 'Microsoft.ManagedIdentity/userAssignedIdentities@2024-11-30' existing = {
  name: identityName
}

resource account 'Microsoft.DocumentDB/databaseAccounts@2026-03-15' = {
  name: accountName
  location: location
  tags: tags
  kind: 'GlobalDocumentDB'
  properties: {
    databaseAccountOfferType: 'Standard'
    capabilities: serverless ? [{ name: 'EnableServerless' }] : []
    consistencyPolicy: {
      defaultConsistencyLevel: 'Session'
    }
    locations: [
      {
        locationName: location
        failoverPriority: 0
        isZoneRedundant: false
      }
    ]
    disableLocalAuth: true
    disableKeyBasedMetadataWriteAccess: true
    minimalTlsVersion: 'Tls12'
    publicNetworkAccess: 'Enabled'
  }
}

resource database 'Microsoft.DocumentDB/databaseAccounts/sqlDatabases@2026-03-15' = {
  parent: account
  name: databaseName
  properties: {
    resource: {
      id: databaseName
    }
  }
}

resource container 'Microsoft.DocumentDB/databaseAccounts/sqlDatabases/containers@2026-03-15' = {
  parent: database
  name: containerName
  properties: {
    resource: {
      id: containerName
      partitionKey: {
        paths: [
          '/conversationId'
        ]
        kind: 'Hash'
        version: 2
      }
      indexingPolicy: indexingPolicy
    }
    options: serverless ? {} : { autoscaleSettings: { maxThroughput: autoscaleMaxThroughput } }
  }
}

resource identityDataContributor 'Microsoft.DocumentDB/databaseAccounts/sqlRoleAssignments@2026-03-15' = {
  parent: account
  name: guid(account.id, identity.id, '00000000-0000-0000-0000-000000000002')
  properties: {
    // Cosmos DB Built-in Data Contributor: a data-plane role definition every NoSQL account has (not an Azure RBAC role).
    roleDefinitionId: '${account.id}/sqlRoleDefinitions/00000000-0000-0000-0000-000000000002'
    principalId: identity.properties.principalId
    scope: account.id
  }
}

resource principalDataReader 'Microsoft.DocumentDB/databaseAccounts/sqlRoleAssignments@2026-03-15' = if (!empty(principalId)) {
  parent: account
  name: guid(account.id, principalId, '00000000-0000-0000-0000-000000000001')
  properties: {
    // Cosmos DB Built-in Data Reader: read-only, so a person's credential cannot change or delete stored events.
    roleDefinitionId: '${account.id}/sqlRoleDefinitions/00000000-0000-0000-0000-000000000001'
    principalId: principalId
    scope: account.id
  }
}

@description('Name of the account.')
output accountName string = account.name

@description('Account endpoint, e.g. https://<name>.documents.azure.com:443/.')
output endpoint string = account.properties.documentEndpoint

@description('Name of the database.')
output databaseName string = database.name

@description('Name of the container.')
output containerName string = container.name
