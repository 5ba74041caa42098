metadata description = 'The optional network isolation (NETWORK_ISOLATION): a virtual network with a subnet the Flex Consumption app integrates with (its outbound traffic) and one for private endpoints, and the private DNS zones that resolve the services\' names to those endpoints inside it.'

@description('Name of the virtual network.')
param name string

@description('Azure region of the virtual network.')
param location string

@description('Tags for the virtual network and the DNS zones.')
param tags resourceInput<'Microsoft.Network/virtualNetworks@2025-05-01'>.tags

@description('Names of the private DNS zones to create and link, one per kind of private endpoint.')
param privateDnsZoneNames string[]

resource vnet 'Microsoft.Network/virtualNetworks@2025-05-01' = {
  name: name
  location: location
  tags: tags
  properties: {
    addressSpace: {
      addressPrefixes: [
        '10.0.0.0/16'
      ]
    }
    subnets: [
      {
        // Flex Consumption integrates with a subnet delegated to Microsoft.App/environments.
        name: 'app'
        properties: {
          addressPrefix: '10.0.1.0/24'
          delegations: [
            {
              name: 'flex-consumption'
              properties: {
                serviceName: 'Microsoft.App/environments'
              }
            }
          ]
        }
      }
      {
        name: 'private-endpoints'
        properties: {
          addressPrefix: '10.0.2.0/24'
          privateEndpointNetworkPolicies: 'Disabled'
        }
      }
    ]
  }
}

resource zones 'Microsoft.Network/privateDnsZones@2024-06-01' = [
  for zoneName in privateDnsZoneNames: {
    name: zoneName
    location: 'global'
    tags: tags
  }
]

resource links 'Microsoft.Network/privateDnsZones/virtualNetworkLinks@2024-06-01' = [
  for (zoneName, i) in privateDnsZoneNames: {
    parent: zones[i]
    name: vnet.name
    location: 'global'
    tags: tags
    properties: {
      registrationEnabled: false
      virtualNetwork: {
        id: vnet.id
      }
    }
  }
]

@description('Resource ID of the subnet the function app integrates with.')
output appSubnetId string = vnet.properties.subnets[0].id

@description('Resource ID of the subnet that holds the private endpoints.')
output privateEndpointSubnetId string = vnet.properties.subnets[1].id
