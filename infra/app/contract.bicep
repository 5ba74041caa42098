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

@export()
@description('Cosmos DB container of agent.presencechanged events, partitioned by /agentId (Cosmos__PresenceContainerName).')
var cosmosPresenceContainerName = 'presence-events'

@export()
@description('Cosmos DB container of each agent\'s live state, partitioned by /agentId (Cosmos__AgentStateContainerName).')
var cosmosAgentStateContainerName = 'agent-states'

@export()
@description('Cosmos DB container of conversation summaries, partitioned by /conversationId (Cosmos__SummaryContainerName).')
var cosmosSummaryContainerName = 'conversation-summaries'

@export()
@description('Cosmos DB container of erasure tombstones and audit records, partitioned by /id (Cosmos__ErasureContainerName).')
var cosmosErasureContainerName = 'erasures'

@export()
@description('Storage queue of summary requests, read by the queue-triggered summary function through the SummaryQueue connection.')
var summaryQueueName = 'summary-requests'

@export()
@description('Where the Functions host moves a summary request that failed every attempt: by the host\'s convention, the queue\'s name and -poison (a test checks it).')
var summaryPoisonQueueName = 'summary-requests-poison'

@export()
@description('Path of the Functions host\'s Event Grid webhook, through which the event subscription delivers to the ingest function.')
var eventGridWebhookPath = '/runtime/webhooks/eventgrid'
