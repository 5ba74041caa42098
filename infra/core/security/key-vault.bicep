metadata description = 'Key Vault (Azure RBAC authorization) for the relay\'s VCC webhook secret and the continuation-token keys. The app reads the secrets through a Key Vault reference with its user-assigned identity (Key Vault Secrets User).'

@description('Name of the vault (3-24 characters).')
@minLength(3)
@maxLength(24)
param name string

@description('Azure region of the vault.')
param location string

@description('Tags for the vault.')
param tags resourceInput<'Microsoft.KeyVault/vaults@2026-05-15'>.tags

@description('True to deny public network access (trusted Azure services excepted): the app then reaches the vault through a private endpoint.')
param networkIsolation bool

@description('Name of the user-assigned identity the function app runs as; it gets Key Vault Secrets User.')
param identityName string

@description('Name of the Key Vault secret that holds the VCC webhook subscription secret.')
param vccWebhookSecretName string

@description('The VCC webhook subscription secret. Empty: no secret is stored (and the relay refuses to serve until one is).')
@secure()
param vccWebhookSecret string

@description('Name of the Key Vault secret that signs the lookup API\'s continuation tokens.')
param lookupsTokenKeyName string

@description('The key that signs the lookup API\'s continuation tokens.')
@secure()
param lookupsTokenKey string

@description('Name of the Key Vault secret that holds the previous continuation-token key while it is rotated.')
param lookupsPreviousTokenKeyName string

@description('The previous continuation-token key, accepted too while the key is rotated. Empty: no secret is stored.')
@secure()
param lookupsPreviousTokenKey string

resource identity 'Microsoft.ManagedIdentity/userAssignedIdentities@2024-11-30' existing = {
  name: identityName
}

resource vault 'Microsoft.KeyVault/vaults@2026-05-15' = {
  name: name
  location: location
  tags: tags
  properties: {
    tenantId: tenant().tenantId
    sku: {
      family: 'A'
      name: 'standard'
    }
    enableRbacAuthorization: true
    enableSoftDelete: true
    softDeleteRetentionInDays: 7
    // Purge protection stays off so `azd down --purge` can remove the vault and a later `azd up` can reuse its name.
    publicNetworkAccess: 'Enabled'
    networkAcls: {
      bypass: 'AzureServices'
      defaultAction: networkIsolation ? 'Deny' : 'Allow'
    }
  }
}

resource vccWebhookSecretValue 'Microsoft.KeyVault/vaults/secrets@2026-05-15' = if (!empty(vccWebhookSecret)) {
  parent: vault
  name: vccWebhookSecretName
  properties: {
    value: vccWebhookSecret
    contentType: 'text/plain'
  }
}

resource lookupsTokenKeyValue 'Microsoft.KeyVault/vaults/secrets@2026-05-15' = {
  parent: vault
  name: lookupsTokenKeyName
  properties: {
    value: lookupsTokenKey
    contentType: 'text/plain'
  }
}

resource lookupsPreviousTokenKeyValue 'Microsoft.KeyVault/vaults/secrets@2026-05-15' = if (!empty(lookupsPreviousTokenKey)) {
  parent: vault
  name: lookupsPreviousTokenKeyName
  properties: {
    value: lookupsPreviousTokenKey
    contentType: 'text/plain'
  }
}

resource identitySecretsUser 'Microsoft.Authorization/roleAssignments@2022-04-01' = {
  scope: vault
  name: guid(vault.id, identity.id, '4633458b-17de-408a-b874-0445c86b69e6')
  properties: {
    // Key Vault Secrets User
    roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', '4633458b-17de-408a-b874-0445c86b69e6')
    principalId: identity.properties.principalId
    principalType: 'ServicePrincipal'
  }
}

@description('Name of the vault.')
output name string = vault.name

@description('Resource ID of the vault (the target of its private endpoint).')
output id string = vault.id

@description('Vault URI, e.g. https://<name>.vault.azure.net/.')
output uri string = vault.properties.vaultUri

@description('Versionless URI of the VCC webhook secret (a reference to it always reads the latest version). The secret exists only when a value was given.')
output vccWebhookSecretUri string = '${vault.properties.vaultUri}secrets/${vccWebhookSecretName}'

@description('Versionless URI of the key that signs the lookup API\'s continuation tokens.')
output lookupsTokenKeyUri string = '${vault.properties.vaultUri}secrets/${lookupsTokenKeyValue.name}'

@description('Versionless URI of the previous continuation-token key. The secret exists only when a value was given.')
output lookupsPreviousTokenKeyUri string = '${vault.properties.vaultUri}secrets/${lookupsPreviousTokenKeyName}'
