metadata description = 'Cosmos DB for NoSQL: keyless (local auth disabled), serverless by default or provisioned autoscale; one database and its five containers, each with the indexing policy its queries use (loaded from the files the code also reads) and the retention\'s default time-to-live.'

import {
  cosmosContainerName
  cosmosPresenceContainerName
  cosmosAgentStateContainerName
  cosmosSummaryContainerName
  cosmosErasureContainerName
} from '../../app/contract.bicep'

@description('Name of the Cosmos DB account.')
param accountName string

@description('Azure region of the account.')
param location string

@description('Tags for the account.')
param tags resourceInput<'Microsoft.DocumentDB/databaseAccounts@2026-03-15'>.tags

@description('Name of the database.')
param databaseName string

@description('Serverless (pay per request unit, no minimum) or ProvisionedAutoscale (a throughput ceiling per container, each billed at least 10% of it every hour).')
@allowed([
  'Serverless'
  'ProvisionedAutoscale'
])
param capacityMode string

@description('Autoscale ceiling in RU/s for each container when capacityMode is ProvisionedAutoscale.')
@minValue(1000)
param autoscaleMaxThroughput int

@description('Days an item is kept after it was written (Retention__Days); 0 keeps everything forever.')
@minValue(0)
@maxValue(36500)
param retentionDays int

@description('True to turn off public network access: the app then reaches the account through a private endpoint only.')
param networkIsolation bool

@description('Name of the user-assigned identity the function app runs as; it gets the data-plane Cosmos DB Built-in Data Contributor role on the database.')
param identityName string

@description('Object ID of the deploying user or service principal; gets Cosmos DB Built-in Data Reader on the database so it can look at the data (Data Explorer, SDK, the CLI\'s show) but not change it. Empty: no assignment.')
param principalId string

@description('True for a serverless account.')
var serverless = capacityMode == 'Serverless'

@description('Throughput options of every container: none when serverless, an autoscale ceiling each when provisioned.')
var containerOptions = serverless ? {} : { autoscaleSettings: { maxThroughput: autoscaleMaxThroughput } }

@description('The default time-to-live of the data containers, in seconds (RetentionOptions.DefaultTimeToLiveSeconds): none when retention is 0 (keep forever), capped at Cosmos DB\'s 32-bit maximum.')
var retentionTimeToLive = retentionDays == 0 ? null : min(retentionDays * 86400, 2147483647)

@description('The database scope of the data-plane role assignments: the app and the deployer work in this one database and no other.')
var databaseScope = '${account.id}/dbs/${databaseName}'

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
    publicNetworkAccess: networkIsolation ? 'Disabled' : 'Enabled'
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

resource eventsContainer 'Microsoft.DocumentDB/databaseAccounts/sqlDatabases/containers@2026-03-15' = {
  parent: database
  name: cosmosContainerName
  properties: {
    resource: {
      id: cosmosContainerName
      partitionKey: {
        paths: [
          '/conversationId'
        ]
        kind: 'Hash'
        version: 2
      }
      indexingPolicy: loadJsonContent('../../../src/ChannelFunctions.Core/Storage/indexing-policy.json')
      defaultTtl: retentionTimeToLive
    }
    options: containerOptions
  }
}

resource presenceContainer 'Microsoft.DocumentDB/databaseAccounts/sqlDatabases/containers@2026-03-15' = {
  parent: database
  name: cosmosPresenceContainerName
  properties: {
    resource: {
      id: cosmosPresenceContainerName
      partitionKey: {
        paths: [
          '/agentId'
        ]
        kind: 'Hash'
        version: 2
      }
      indexingPolicy: loadJsonContent('../../../src/ChannelFunctions.Core/Storage/indexing-policy.presence-events.json')
      defaultTtl: retentionTimeToLive
    }
    options: containerOptions
  }
}

resource agentStateContainer 'Microsoft.DocumentDB/databaseAccounts/sqlDatabases/containers@2026-03-15' = {
  parent: database
  name: cosmosAgentStateContainerName
  properties: {
    resource: {
      id: cosmosAgentStateContainerName
      partitionKey: {
        paths: [
          '/agentId'
        ]
        kind: 'Hash'
        version: 2
      }
      indexingPolicy: loadJsonContent('../../../src/ChannelFunctions.Core/Storage/indexing-policy.agent-states.json')
      defaultTtl: retentionTimeToLive
    }
    options: containerOptions
  }
}

resource summaryContainer 'Microsoft.DocumentDB/databaseAccounts/sqlDatabases/containers@2026-03-15' = {
  parent: database
  name: cosmosSummaryContainerName
  properties: {
    resource: {
      id: cosmosSummaryContainerName
      partitionKey: {
        paths: [
          '/conversationId'
        ]
        kind: 'Hash'
        version: 2
      }
      indexingPolicy: loadJsonContent('../../../src/ChannelFunctions.Core/Storage/indexing-policy.conversation-summaries.json')
      defaultTtl: retentionTimeToLive
    }
    options: containerOptions
  }
}

resource erasureContainer 'Microsoft.DocumentDB/databaseAccounts/sqlDatabases/containers@2026-03-15' = {
  parent: database
  name: cosmosErasureContainerName
  properties: {
    resource: {
      id: cosmosErasureContainerName
      partitionKey: {
        paths: [
          '/id'
        ]
        kind: 'Hash'
        version: 2
      }
      indexingPolicy: loadJsonContent('../../../src/ChannelFunctions.Core/Storage/indexing-policy.erasures.json')
      // -1: time-to-live on, no default expiry. Tombstones and audit records carry their own per-item ttl, whatever
      // the retention (an audit record outlives the data it speaks of).
      defaultTtl: -1
    }
    options: containerOptions
  }
}

// The SDK reads the account's own metadata (regions, consistency) at "/" before anything else, which a role on the
// database alone does not allow. This role allows that and nothing more: no data, no database but by name.
resource accountMetadataReader 'Microsoft.DocumentDB/databaseAccounts/sqlRoleDefinitions@2026-03-15' = {
  parent: account
  name: guid(account.id, 'account-metadata-reader')
  properties: {
    roleName: 'ChannelFunctions Account Metadata Reader'
    type: 'CustomRole'
    assignableScopes: [
      account.id
    ]
    permissions: [
      {
        dataActions: [
          'Microsoft.DocumentDB/databaseAccounts/readMetadata'
        ]
      }
    ]
  }
}

resource identityMetadataReader 'Microsoft.DocumentDB/databaseAccounts/sqlRoleAssignments@2026-03-15' = {
  parent: account
  name: guid(account.id, identity.id, accountMetadataReader.id)
  properties: {
    roleDefinitionId: accountMetadataReader.id
    principalId: identity.properties.principalId
    scope: account.id
  }
}

resource principalMetadataReader 'Microsoft.DocumentDB/databaseAccounts/sqlRoleAssignments@2026-03-15' = if (!empty(principalId)) {
  parent: account
  name: guid(account.id, principalId, accountMetadataReader.id)
  properties: {
    roleDefinitionId: accountMetadataReader.id
    principalId: principalId
    scope: account.id
  }
}

resource identityDataContributor 'Microsoft.DocumentDB/databaseAccounts/sqlRoleAssignments@2026-03-15' = {
  parent: account
  name: guid(databaseScope, identity.id, '00000000-0000-0000-0000-000000000002')
  properties: {
    // Cosmos DB Built-in Data Contributor (a data-plane role every NoSQL account has, not an Azure RBAC role) on the
    // app's database only: the app reads, writes and (for erasure) deletes in each of its containers, and the
    // built-in Data Reader cannot write. Per-container scopes would list all five containers and add nothing.
    roleDefinitionId: '${account.id}/sqlRoleDefinitions/00000000-0000-0000-0000-000000000002'
    principalId: identity.properties.principalId
    scope: databaseScope
  }
  dependsOn: [
    database
  ]
}

resource principalDataReader 'Microsoft.DocumentDB/databaseAccounts/sqlRoleAssignments@2026-03-15' = if (!empty(principalId)) {
  parent: account
  name: guid(databaseScope, principalId, '00000000-0000-0000-0000-000000000001')
  properties: {
    // Cosmos DB Built-in Data Reader on the database: read-only, so a person's credential cannot change or delete stored events.
    roleDefinitionId: '${account.id}/sqlRoleDefinitions/00000000-0000-0000-0000-000000000001'
    principalId: principalId
    scope: databaseScope
  }
  dependsOn: [
    database
  ]
}

@description('Name of the account.')
output accountName string = account.name

@description('Resource ID of the account (the target of its private endpoint).')
output id string = account.id

@description('Account endpoint, e.g. https://<name>.documents.azure.com:443/.')
output endpoint string = account.properties.documentEndpoint

@description('Name of the database.')
output databaseName string = database.name

@description('Name of the channel events container.')
output containerName string = eventsContainer.name
