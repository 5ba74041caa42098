metadata description = 'The ChannelFunctions function app on a Flex Consumption (FC1) plan: dotnet-isolated, deployed from a blob container with its user-assigned identity, the app settings the code binds, and, when an app registration is given, built-in authentication (Microsoft Entra ID) in front of everything but the relay and Event Grid\'s webhook.'

import {
  relayRoute
  eventGridWebhookPath
  cosmosPresenceContainerName
  cosmosAgentStateContainerName
  cosmosSummaryContainerName
  cosmosErasureContainerName
} from 'contract.bicep'

@description('Name of the Flex Consumption plan.')
param planName string

@description('Name of the function app.')
param name string

@description('Azure region of the plan and app (it must offer Flex Consumption: `az functionapp list-flexconsumption-locations`).')
param location string

@description('Tags for the plan and the app; the app also gets azd-service-name.')
param tags resourceInput<'Microsoft.Web/sites@2025-03-01'>.tags

@description('The azure.yaml service this app hosts; azd finds the app by its azd-service-name tag.')
param serviceName string

@description('.NET version of the dotnet-isolated worker. The app targets net10.0; 8.0 and 9.0 are the fallbacks should a region not offer 10.0 yet (the project must then target that framework too).')
@allowed([
  '8.0'
  '9.0'
  '10.0'
])
param dotnetVersion string

@description('Memory of each instance, in MB.')
@allowed([
  512
  2048
  4096
])
param instanceMemoryMB int

@description('Most instances the app scales out to.')
@minValue(40)
@maxValue(1000)
param maximumInstanceCount int

@description('Name of the user-assigned identity the app runs as.')
param identityName string

@description('Client ID of that identity (AZURE_CLIENT_ID and AzureWebJobsStorage__clientId).')
param identityClientId string

@description('Blob endpoint of the Functions host\'s storage account, with its trailing slash.')
param storageBlobEndpoint string

@description('Queue endpoint of the Functions host\'s storage account.')
param storageQueueEndpoint string

@description('Table endpoint of the Functions host\'s storage account.')
param storageTableEndpoint string

@description('Blob endpoint of the app\'s data storage account (kept events and dead letters).')
param dataBlobEndpoint string

@description('Queue endpoint of the app\'s data storage account (the summary request queues).')
param dataQueueEndpoint string

@description('Blob container that holds the deployment package.')
param deploymentContainerName string

@description('Blob container for rejected events.')
param rejectedEventsContainerName string

@description('Application Insights connection string.')
param applicationInsightsConnectionString string

@description('Cosmos DB account endpoint.')
param cosmosEndpoint string

@description('Cosmos DB database name.')
param cosmosDatabaseName string

@description('Cosmos DB container name.')
param cosmosContainerName string

@description('How many events of a batch the ingest function writes at once.')
@minValue(1)
param ingestMaxConcurrency int

@description('Publishing endpoint of the Event Grid topic the relay publishes to.')
param eventGridTopicEndpoint string

@description('Versionless Key Vault URI of the VCC webhook secret. Empty: the setting is left out and the relay refuses to serve.')
param vccWebhookSecretUri string

@description('Versionless Key Vault URI of the key that signs the lookup API\'s continuation tokens.')
param lookupsTokenKeyUri string

@description('Versionless Key Vault URI of the previous continuation-token key, accepted too while the key is rotated. Empty: the setting is left out.')
param lookupsPreviousTokenKeyUri string

@description('Days stored data is kept (Retention__Days); 0 keeps it forever.')
@minValue(0)
@maxValue(36500)
param retentionDays int

@description('Fraction of traces kept, from 0 to 1, as text (the host\'s OTEL_TRACES_SAMPLER_ARG and the worker\'s Telemetry__TraceSamplingRatio).')
param traceSamplingRatio string

@description('Client ID of the Microsoft Entra app registration people and scripts sign in to the lookups with. Empty: no built-in authentication, and the worker then refuses every lookup in Azure (src/ChannelFunctions/LookupSignIn.cs).')
param authClientId string

@description('Resource ID of the subnet the app integrates with for its outbound traffic (network isolation); empty for none.')
param appSubnetId string

@description('The app settings the code binds, one name each (docs/configuration.md). Every value is a parameter or a name from contract.bicep, so the names stay literal in the compiled template, where the tests read them.')
var appSettings = {
  AZURE_CLIENT_ID: identityClientId
  APPLICATIONINSIGHTS_CONNECTION_STRING: applicationInsightsConnectionString
  APPLICATIONINSIGHTS_AUTHENTICATION_STRING: 'ClientId=${identityClientId};Authorization=AAD'
  // Trace sampling, one ratio for both processes (issue 22): the Functions host's OpenTelemetry reads the standard
  // OTEL_TRACES_SAMPLER variables (Azure Monitor's fixed-percentage sampler keeps the item counts right); the worker's
  // telemetry reads Telemetry__TraceSamplingRatio. The worker's spans are children of the host's invocation, so the
  // host decides per invocation and the worker follows the parent.
  OTEL_TRACES_SAMPLER: 'microsoft.fixed_percentage'
  OTEL_TRACES_SAMPLER_ARG: traceSamplingRatio
  Telemetry__TraceSamplingRatio: traceSamplingRatio
  AzureWebJobsStorage__blobServiceUri: storageBlobEndpoint
  AzureWebJobsStorage__queueServiceUri: storageQueueEndpoint
  AzureWebJobsStorage__tableServiceUri: storageTableEndpoint
  AzureWebJobsStorage__credential: 'managedidentity'
  AzureWebJobsStorage__clientId: identityClientId
  Cosmos__AccountEndpoint: cosmosEndpoint
  Cosmos__DatabaseName: cosmosDatabaseName
  Cosmos__ContainerName: cosmosContainerName
  Cosmos__PresenceContainerName: cosmosPresenceContainerName
  Cosmos__AgentStateContainerName: cosmosAgentStateContainerName
  Cosmos__SummaryContainerName: cosmosSummaryContainerName
  Cosmos__ErasureContainerName: cosmosErasureContainerName
  Retention__Days: string(retentionDays)
  RejectedEvents__BlobServiceUri: dataBlobEndpoint
  RejectedEvents__ContainerName: rejectedEventsContainerName
  // The summary queue trigger's identity-based connection (prefix SummaryQueue), read by the host's queue extension.
  SummaryQueue__queueServiceUri: dataQueueEndpoint
  SummaryQueue__credential: 'managedidentity'
  SummaryQueue__clientId: identityClientId
  Ingest__MaxConcurrency: string(ingestMaxConcurrency)
  Relay__TopicEndpoint: eventGridTopicEndpoint
  Lookups__ContinuationTokenKey: '@Microsoft.KeyVault(SecretUri=${lookupsTokenKeyUri})'
}

@description('The relay\'s webhook secret as a Key Vault reference, resolved with the app\'s user-assigned identity (keyVaultReferenceIdentity); nothing when no secret was given.')
var relaySecretSettings = empty(vccWebhookSecretUri)
  ? {}
  : {
      Relay__Secrets__0: '@Microsoft.KeyVault(SecretUri=${vccWebhookSecretUri})'
    }

@description('The previous continuation-token key as a Key Vault reference while the key is rotated; nothing when none was given.')
var lookupsPreviousKeySettings = empty(lookupsPreviousTokenKeyUri)
  ? {}
  : {
      Lookups__PreviousContinuationTokenKey: '@Microsoft.KeyVault(SecretUri=${lookupsPreviousTokenKeyUri})'
    }

resource identity 'Microsoft.ManagedIdentity/userAssignedIdentities@2024-11-30' existing = {
  name: identityName
}

resource plan 'Microsoft.Web/serverfarms@2025-03-01' = {
  name: planName
  location: location
  tags: tags
  kind: 'functionapp'
  sku: {
    name: 'FC1'
    tier: 'FlexConsumption'
  }
  properties: {
    reserved: true
  }
}

resource site 'Microsoft.Web/sites@2025-03-01' = {
  name: name
  location: location
  tags: union(tags, { 'azd-service-name': serviceName })
  kind: 'functionapp,linux'
  identity: {
    type: 'UserAssigned'
    userAssignedIdentities: {
      '${identity.id}': {}
    }
  }
  properties: {
    serverFarmId: plan.id
    httpsOnly: true
    keyVaultReferenceIdentity: identity.id
    virtualNetworkSubnetId: empty(appSubnetId) ? null : appSubnetId
    siteConfig: {
      minTlsVersion: '1.2'
      scmMinTlsVersion: '1.2'
      http20Enabled: true
    }
    functionAppConfig: {
      deployment: {
        storage: {
          type: 'blobContainer'
          value: '${storageBlobEndpoint}${deploymentContainerName}'
          authentication: {
            type: 'UserAssignedIdentity'
            userAssignedIdentityResourceId: identity.id
          }
        }
      }
      scaleAndConcurrency: {
        instanceMemoryMB: instanceMemoryMB
        maximumInstanceCount: maximumInstanceCount
      }
      runtime: {
        name: 'dotnet-isolated'
        version: dotnetVersion
      }
    }
  }
}

// No FTP and no SCM (Kudu) user/password publishing: azd deploys to the blob container with the app's identity.
// Flex Consumption has no ftpsState; these policies are how basic-auth publishing is turned off there.
resource ftpPublishing 'Microsoft.Web/sites/basicPublishingCredentialsPolicies@2025-03-01' = {
  parent: site
  name: 'ftp'
  properties: {
    allow: false
  }
}

resource scmPublishing 'Microsoft.Web/sites/basicPublishingCredentialsPolicies@2025-03-01' = {
  parent: site
  name: 'scm'
  properties: {
    allow: false
  }
}

resource settings 'Microsoft.Web/sites/config@2025-03-01' = {
  parent: site
  name: 'appsettings'
  properties: union(appSettings, relaySecretSettings, lookupsPreviousKeySettings)
}

// Built-in authentication (Easy Auth) with Microsoft Entra ID: a browser is sent to sign in and comes back with a
// session cookie; a script sends a bearer token for the app registration. The Functions host checks keys apart from
// it (a signed-in caller still needs a key at AuthorizationLevel.Function), so the lookups are Anonymous to the host
// and this is their gate. Left open: the relay (VCC cannot sign in; its signature is its authentication) and the
// host's Event Grid webhook (Event Grid presents the eventgrid_extension system key, not a token); both spellings of
// that route appear in Microsoft's documentation. docs/deploying.md, "Signing in", has the whole decision.
resource auth 'Microsoft.Web/sites/config@2025-03-01' = if (!empty(authClientId)) {
  parent: site
  name: 'authsettingsV2'
  properties: {
    platform: {
      enabled: true
    }
    globalValidation: {
      requireAuthentication: true
      unauthenticatedClientAction: 'RedirectToLoginPage'
      redirectToProvider: 'azureactivedirectory'
      excludedPaths: [
        '/api/${relayRoute}'
        eventGridWebhookPath
        '/runtime/webhooks/EventGrid'
      ]
    }
    httpSettings: {
      requireHttps: true
    }
    identityProviders: {
      azureActiveDirectory: {
        enabled: true
        registration: {
          clientId: authClientId
          openIdIssuer: '${environment().authentication.loginEndpoint}${tenant().tenantId}/v2.0'
        }
        validation: {
          // Browser sign-ins carry the client ID as audience, tokens a script asks for the Application ID URI.
          allowedAudiences: [
            authClientId
            'api://${authClientId}'
          ]
        }
      }
    }
    login: {
      // No token store: the app never calls on as the user, and Flex Consumption keeps no file system for one.
      tokenStore: {
        enabled: false
      }
    }
  }
}

@description('Name of the function app.')
output name string = site.name

@description('Default host name of the function app.')
output defaultHostName string = site.properties.defaultHostName
