metadata description = 'Log Analytics workspace and workspace-based Application Insights with local (instrumentation-key) auth disabled: telemetry is accepted only with a Microsoft Entra token, which the app gets for its identity (Monitoring Metrics Publisher).'

@description('Name of the Log Analytics workspace.')
param logAnalyticsName string

@description('Name of the Application Insights component.')
param applicationInsightsName string

@description('Azure region of both.')
param location string

@description('Tags for both.')
param tags resourceInput<'Microsoft.Insights/components@2020-02-02'>.tags

@description('Days the workspace keeps data (30 is the shortest on the pay-as-you-go tier).')
@minValue(30)
@maxValue(730)
param retentionInDays int = 30

@description('Name of the user-assigned identity the function app runs as; it gets Monitoring Metrics Publisher so it can send telemetry with Entra ID auth.')
param identityName string

resource identity 'Microsoft.ManagedIdentity/userAssignedIdentities@2024-11-30' existing = {
  name: identityName
}

resource logAnalytics 'Microsoft.OperationalInsights/workspaces@2026-03-01' = {
  name: logAnalyticsName
  location: location
  tags: tags
  properties: {
    retentionInDays: retentionInDays
    sku: {
      name: 'PerGB2018'
    }
  }
}

resource applicationInsights 'Microsoft.Insights/components@2020-02-02' = {
  name: applicationInsightsName
  location: location
  tags: tags
  kind: 'web'
  properties: {
    Application_Type: 'web'
    DisableLocalAuth: true
    WorkspaceResourceId: logAnalytics.id
  }
}

resource metricsPublisher 'Microsoft.Authorization/roleAssignments@2022-04-01' = {
  scope: applicationInsights
  name: guid(applicationInsights.id, identity.id, '3913510d-42f4-4e42-8a64-420c390055eb')
  properties: {
    // Monitoring Metrics Publisher: lets the identity send telemetry to a component whose local auth is disabled.
    roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', '3913510d-42f4-4e42-8a64-420c390055eb')
    principalId: identity.properties.principalId
    principalType: 'ServicePrincipal'
  }
}

@description('Name of the Application Insights component.')
output applicationInsightsName string = applicationInsights.name

@description('Application Insights connection string (an ingestion address and the component ID; with local auth disabled it is not a credential).')
output applicationInsightsConnectionString string = applicationInsights.properties.ConnectionString

@description('Name of the Log Analytics workspace.')
output logAnalyticsName string = logAnalytics.name
