metadata description = 'One private endpoint of the network isolation: a service\'s sub-resource (groupId) reached on a private address in the private-endpoints subnet, its name registered in the private DNS zone that virtual-network.bicep created.'

@description('Name of the private endpoint.')
param name string

@description('Azure region of the private endpoint (the virtual network\'s).')
param location string

@description('Tags for the private endpoint.')
param tags resourceInput<'Microsoft.Network/privateEndpoints@2025-05-01'>.tags

@description('Resource ID of the private-endpoints subnet.')
param subnetId string

@description('Resource ID of the service the endpoint reaches.')
param serviceId string

@description('The service\'s sub-resource: Sql (Cosmos DB), blob, queue, table, vault or topic.')
param groupId string

@description('Name of the private DNS zone, in this resource group, that resolves the sub-resource\'s name.')
param privateDnsZoneName string

resource zone 'Microsoft.Network/privateDnsZones@2024-06-01' existing = {
  name: privateDnsZoneName
}

resource endpoint 'Microsoft.Network/privateEndpoints@2025-05-01' = {
  name: name
  location: location
  tags: tags
  properties: {
    subnet: {
      id: subnetId
    }
    privateLinkServiceConnections: [
      {
        name: name
        properties: {
          privateLinkServiceId: serviceId
          groupIds: [
            groupId
          ]
        }
      }
    ]
  }
}

resource dnsZoneGroup 'Microsoft.Network/privateEndpoints/privateDnsZoneGroups@2025-05-01' = {
  parent: endpoint
  name: 'default'
  properties: {
    privateDnsZoneConfigs: [
      {
        name: replace(privateDnsZoneName, '.', '-')
        properties: {
          privateDnsZoneId: zone.id
        }
      }
    ]
  }
}

@description('Name of the private endpoint.')
output name string = endpoint.name
