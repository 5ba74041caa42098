metadata description = 'The user-assigned managed identity the function app uses for everything: storage, Cosmos DB, Event Grid, Key Vault and Application Insights.'

@description('Name of the identity.')
param name string

@description('Azure region of the identity.')
param location string

@description('Tags for the identity.')
param tags resourceInput<'Microsoft.ManagedIdentity/userAssignedIdentities@2024-11-30'>.tags

resource identity 'Microsoft.ManagedIdentity/userAssignedIdentities@2024-11-30' = {
  name: name
  location: location
  tags: tags
}

@description('Resource ID of the identity.')
output id string = identity.id

@description('Name of the identity.')
output name string = identity.name

@description('Client (application) ID of the identity; what AZURE_CLIENT_ID and the identity-based connections name.')
output clientId string = identity.properties.clientId

@description('Object (principal) ID of the identity; what role assignments name.')
output principalId string = identity.properties.principalId
