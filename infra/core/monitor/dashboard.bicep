metadata description = 'What operators look at and get told about: an Azure Monitor workbook of the app\'s OpenTelemetry metrics (events by fate over time, rejected events by reason, lookup latency) and Event Grid\'s dead-lettered events, with alert rules for a spike in rejected events and for any dead-lettered event.'

@description('Azure region of the workbook and the log alert (metric alerts are global).')
param location string

@description('Tags for every resource.')
param tags resourceInput<'Microsoft.Insights/workbooks@2023-06-01'>.tags

@description('Name of the Application Insights component the app sends its telemetry to.')
param applicationInsightsName string

@description('Name of the Event Grid topic whose deliveries are dead-lettered.')
param topicName string

@description('Rejected events (invalid, unsupported, conflicting or refused) in 15 minutes above which the spike alert fires.')
@minValue(0)
param rejectedEventsThreshold int = 10

@description('Resource ID of an action group the alerts notify (email, Teams, …). Empty: the alerts fire in the portal only.')
param actionGroupId string = ''

import { metricPrefix } from '../../app/contract.bicep'

resource applicationInsights 'Microsoft.Insights/components@2020-02-02' existing = {
  name: applicationInsightsName
}

resource topic 'Microsoft.EventGrid/topics@2025-02-15' existing = {
  name: topicName
}

@description('The Log Analytics queries over the app\'s OpenTelemetry metrics (the customMetrics table of the component).')
var queries = {
  fates: 'customMetrics | where name == "${metricPrefix}.ingest.events" | summarize events = sum(valueSum) by fate = tostring(customDimensions["fate"]), bin(timestamp, 5m) | render timechart'
  rejectedByReason: 'customMetrics | where name == "${metricPrefix}.ingest.rejected" | summarize events = sum(valueSum) by fate = tostring(customDimensions["fate"]), reason = tostring(customDimensions["reason"]) | order by events desc'
  lookupLatency: 'customMetrics | where name == "${metricPrefix}.lookup.duration" | summarize averageMs = 1000 * sum(valueSum) / sum(valueCount), maxMs = 1000 * max(valueMax) by endpoint = tostring(customDimensions["endpoint"]), bin(timestamp, 5m) | render timechart'
  rejectedSpike: 'customMetrics | where name == "${metricPrefix}.ingest.rejected" | summarize rejected = sum(valueSum)'
}

@description('A workbook item that shows a Log Analytics query over the component, as a chart or a table.')
type logItemType = {
  @description('3: a query item.')
  type: 3
  @description('The item\'s name, unique in the workbook.')
  name: string
  @description('What the item shows.')
  content: {
    @description('The item schema.')
    version: 'KqlItem/1.0'
    @description('The heading above it.')
    title: string
    @description('The Kusto query.')
    query: string
    @description('0: medium.')
    size: int
    @description('The time range it covers.')
    timeContext: {
      @description('How far back, in milliseconds.')
      durationMs: int
    }
    @description('0: Log Analytics.')
    queryType: 0
    @description('What the query runs over: the Application Insights component.')
    resourceType: 'microsoft.insights/components'
    @description('Chart or table.')
    visualization: 'timechart' | 'table'
  }
}

@description('A workbook item that charts a Log Analytics query over the component.')
func logItem(name string, title string, query string, visualization 'timechart' | 'table') logItemType => {
  type: 3
  name: name
  content: {
    version: 'KqlItem/1.0'
    title: title
    query: query
    size: 0
    timeContext: {
      durationMs: 86400000
    }
    queryType: 0
    resourceType: 'microsoft.insights/components'
    visualization: visualization
  }
}

@description('The workbook: items in the order people read them.')
var workbook = {
  version: 'Notebook/1.0'
  items: [
    {
      type: 1
      name: 'intro'
      content: {
        json: '## ChannelFunctions\nEvents by fate, rejected events by reason, dead-lettered deliveries and lookup latency, from the app\'s OpenTelemetry meter `ChannelFunctions` (metrics `${metricPrefix}.*`) and Event Grid\'s platform metrics. See docs/telemetry.md.'
      }
    }
    logItem('fates', 'Events by fate over time', queries.fates, 'timechart')
    logItem('rejected', 'Rejected events by reason', queries.rejectedByReason, 'table')
    {
      type: 10
      name: 'deadLettered'
      content: {
        version: 'MetricsItem/2.0'
        title: 'Dead-lettered events (Event Grid)'
        size: 0
        chartType: 2
        resourceType: 'microsoft.eventgrid/topics'
        metricScope: 0
        resourceIds: [
          topic.id
        ]
        timeContext: {
          durationMs: 86400000
        }
        metrics: [
          {
            namespace: 'microsoft.eventgrid/topics'
            metric: 'microsoft.eventgrid/topics--DeadLetteredCount'
            aggregation: 1
          }
          {
            namespace: 'microsoft.eventgrid/topics'
            metric: 'microsoft.eventgrid/topics--DeliveryAttemptFailCount'
            aggregation: 1
          }
        ]
      }
    }
    logItem('lookupLatency', 'Lookup latency by endpoint (ms)', queries.lookupLatency, 'timechart')
  ]
}

@description('The alerts\' notification: the action group when one is given.')
var actions = empty(actionGroupId) ? [] : [actionGroupId]

resource dashboard 'Microsoft.Insights/workbooks@2023-06-01' = {
  // A workbook's name must be a GUID; this one is stable per component, so redeploying updates it.
  name: guid(applicationInsights.id, 'channelfunctions-workbook')
  location: location
  tags: tags
  kind: 'shared'
  properties: {
    displayName: 'ChannelFunctions'
    category: 'workbook'
    sourceId: applicationInsights.id
    serializedData: string(workbook)
  }
}

resource rejectedSpike 'Microsoft.Insights/scheduledQueryRules@2026-03-01' = {
  name: 'channelfunctions-rejected-events-spike'
  location: location
  tags: tags
  properties: {
    displayName: 'ChannelFunctions: spike in rejected events'
    description: 'More than ${rejectedEventsThreshold} events were rejected (kept in the rejected-events container) in 15 minutes. Look at the workbook\'s "Rejected events by reason" and replay the fixed events with `channelfunctions replay`.'
    severity: 2
    enabled: true
    scopes: [
      applicationInsights.id
    ]
    evaluationFrequency: 'PT5M'
    windowSize: 'PT15M'
    criteria: {
      allOf: [
        {
          query: queries.rejectedSpike
          timeAggregation: 'Total'
          metricMeasureColumn: 'rejected'
          operator: 'GreaterThan'
          threshold: rejectedEventsThreshold
          failingPeriods: {
            numberOfEvaluationPeriods: 1
            minFailingPeriodsToAlert: 1
          }
        }
      ]
    }
    autoMitigate: true
    actions: {
      actionGroups: actions
    }
  }
}

resource deadLettered 'Microsoft.Insights/metricAlerts@2026-01-01' = {
  name: 'channelfunctions-dead-lettered-events'
  location: 'global'
  tags: tags
  properties: {
    description: 'Event Grid dead-lettered at least one event: the ingest function did not take it within the retry policy. The event is in the dead-letter container; see docs/telemetry.md.'
    severity: 1
    enabled: true
    scopes: [
      topic.id
    ]
    evaluationFrequency: 'PT5M'
    windowSize: 'PT5M'
    criteria: {
      'odata.type': 'Microsoft.Azure.Monitor.SingleResourceMultipleMetricCriteria'
      allOf: [
        {
          criterionType: 'StaticThresholdCriterion'
          name: 'DeadLettered'
          metricNamespace: 'Microsoft.EventGrid/topics'
          metricName: 'DeadLetteredCount'
          operator: 'GreaterThan'
          threshold: 0
          timeAggregation: 'Total'
        }
      ]
    }
    autoMitigate: true
    actions: [
      for id in actions: {
        actionGroupId: id
      }
    ]
  }
}

@description('Resource ID of the workbook.')
output workbookId string = dashboard.id

@description('Resource IDs of the alert rules: the rejected-events spike and the dead-lettered events.')
output alertRuleIds string[] = [
  rejectedSpike.id
  deadLettered.id
]
