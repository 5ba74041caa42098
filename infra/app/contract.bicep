metadata description = 'Names the app code and the infrastructure share. Imported by main.bicep and subscription.bicep so each name is written once.'

@export()
@description('The Event Grid-triggered ingest function; the event subscription delivers to it.')
var ingestFunctionName = 'IngestChannelEvents'

@export()
@description('Route of the VCC webhook relay (VccWebhookRelay), under the default /api prefix.')
var relayRoute = 'vcc/events'

@export()
@description('Blob container the app keeps rejected, unsupported and conflicting events in (RejectedEvents__ContainerName).')
var rejectedEventsContainerName = 'rejected-events'

@export()
@description('Blob container Event Grid dead-letters undeliverable batches to.')
var deadLetterContainerName = 'eventgrid-dead-letter'

@export()
@description('Cosmos DB database (Cosmos__DatabaseName).')
var cosmosDatabaseName = 'channelfunctions'

@export()
@description('Cosmos DB container, partitioned by /conversationId (Cosmos__ContainerName).')
var cosmosContainerName = 'channel-events'

@export()
@description('Prefix of the app\'s OpenTelemetry metric names (IngestTelemetry, LookupTelemetry), as the workbook and alerts query them.')
var metricPrefix = 'channelfunctions'
