using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using ChannelFunctions.Core.Telemetry;
using Xunit;
using static ChannelFunctions.Infrastructure.Tests.SecurityTests;

namespace ChannelFunctions.Infrastructure.Tests;

/// <summary>
/// core/monitor/dashboard.bicep: the workbook charts the app's own OpenTelemetry metrics (by the names Core gives
/// them) and Event Grid's dead-letter metric, and the alert rules fire on a spike in rejected events and on any
/// dead-lettered event.
/// </summary>
public sealed partial class DashboardTests
{
    private static ArmResource Workbook => Compiled.Main.Single("Microsoft.Insights/workbooks");

    private static ArmTemplate Module => Workbook.Template;

    private static JsonObject Variables => Module.Json["variables"]!.AsObject();

    /// <summary>A query of the module, with the metric prefix it interpolates filled in from contract.bicep.</summary>
    private static string Query(string name)
    {
        var expression = Text(Variables["queries"]![name]);
        var format = FormatOfPrefix().Match(expression);
        Assert.True(format.Success, $"{name}: {expression}");
        return format.Groups[1].Value.Replace("''", "'", StringComparison.Ordinal)
            .Replace("{0}", Text(Variables["metricPrefix"]), StringComparison.Ordinal);
    }

    [LinuxX64Fact]
    public void The_workbook_is_shared_and_reads_the_apps_application_insights_component()
    {
        Assert.Equal("shared", Text(Workbook.Json["kind"]));
        Assert.Equal("workbook", Text(Workbook.Property("category")));
        Assert.Equal("[resourceId('Microsoft.Insights/components', parameters('applicationInsightsName'))]", Text(Workbook.Property("sourceId")));
        Assert.Equal("[string(variables('workbook'))]", Text(Workbook.Property("serializedData")));
        Assert.StartsWith("[guid(", Text(Workbook.Json["name"]), StringComparison.Ordinal);
        var items = Variables["workbook"]!["items"]!.AsArray();
        Assert.Equal(
            ["intro", "[__bicep.logItem('fates',", "[__bicep.logItem('rejected',", "deadLettered", "[__bicep.logItem('lookupLatency',"],
            items.Select(item => item is JsonObject named ? Text(named["name"]) : Text(item).Split(' ')[0]));
    }

    [LinuxX64Fact]
    public void The_workbook_charts_fates_over_time_rejected_reasons_and_lookup_latency_by_the_names_core_emits()
    {
        Assert.Contains($"where name == \"{IngestTelemetry.EventsName}\"", Query("fates"), StringComparison.Ordinal);
        Assert.Contains("by fate = tostring(customDimensions[\"fate\"]), bin(timestamp, 5m) | render timechart", Query("fates"), StringComparison.Ordinal);
        Assert.Contains($"where name == \"{IngestTelemetry.RejectedName}\"", Query("rejectedByReason"), StringComparison.Ordinal);
        Assert.Contains("reason = tostring(customDimensions[\"reason\"])", Query("rejectedByReason"), StringComparison.Ordinal);
        Assert.Contains($"where name == \"{LookupTelemetry.DurationName}\"", Query("lookupLatency"), StringComparison.Ordinal);
        Assert.Contains("by endpoint = tostring(customDimensions[\"endpoint\"])", Query("lookupLatency"), StringComparison.Ordinal);
    }

    /// <summary>
    /// Issue 22: stored events are logged at Debug and traces are sampled (5% in Azure), so the workbook and the
    /// rejected-events alert read the app's metrics, which are never sampled, and no log or span table.
    /// </summary>
    [LinuxX64Fact]
    public void Every_query_reads_the_apps_unsampled_metrics_and_no_log_or_span_table()
    {
        var names = Variables["queries"]!.AsObject().Select(query => query.Key).Order(StringComparer.Ordinal).ToList();

        Assert.Equal(["fates", "lookupLatency", "rejectedByReason", "rejectedSpike"], names);
        Assert.All(names, name => Assert.StartsWith($"customMetrics | where name == \"{Text(Variables["metricPrefix"])}.", Query(name), StringComparison.Ordinal));
        Assert.All(names, name => Assert.DoesNotMatch(LogOrSpanTable(), Query(name)));
    }

    [LinuxX64Fact]
    public void The_workbook_charts_event_grids_dead_lettered_count_for_the_topic()
    {
        var item = Variables["workbook"]!["items"]!.AsArray().OfType<JsonObject>().Single(i => Text(i["name"]) == "deadLettered");
        var content = item["content"]!;

        Assert.Equal(10, Number(item["type"]));
        Assert.Equal(["[resourceId('Microsoft.EventGrid/topics', parameters('topicName'))]"], content["resourceIds"]!.AsArray().Select(Text));
        Assert.Contains("microsoft.eventgrid/topics--DeadLetteredCount", content["metrics"]!.AsArray().Select(m => Text(m!["metric"])));
    }

    [LinuxX64Fact]
    public void A_spike_in_rejected_events_raises_an_alert()
    {
        var rule = Compiled.Main.Single("Microsoft.Insights/scheduledQueryRules");
        var criterion = rule.Property("criteria")!["allOf"]!.AsArray().Single()!;

        Assert.Equal(["[resourceId('Microsoft.Insights/components', parameters('applicationInsightsName'))]"], rule.Property("scopes")!.AsArray().Select(Text));
        Assert.Equal("[variables('queries').rejectedSpike]", Text(criterion["query"]));
        Assert.Equal($"customMetrics | where name == \"{IngestTelemetry.RejectedName}\" | summarize rejected = sum(valueSum)", Query("rejectedSpike"));
        Assert.Equal(("rejected", "GreaterThan", "Total"), (Text(criterion["metricMeasureColumn"]), Text(criterion["operator"]), Text(criterion["timeAggregation"])));
        Assert.Equal("[parameters('rejectedEventsThreshold')]", Text(criterion["threshold"]));
        Assert.Equal(10, Number(Module.Parameter("rejectedEventsThreshold")["defaultValue"]));
        Assert.Equal(("PT5M", "PT15M"), (Text(rule.Property("evaluationFrequency")), Text(rule.Property("windowSize"))));
        Assert.True(Bool(rule.Property("enabled")));
    }

    [LinuxX64Fact]
    public void Any_dead_lettered_event_raises_an_alert()
    {
        var rule = Compiled.Main.Single("Microsoft.Insights/metricAlerts");
        var criterion = rule.Property("criteria")!["allOf"]!.AsArray().Single()!;

        Assert.Equal("global", Text(rule.Json["location"]));
        Assert.Equal(["[resourceId('Microsoft.EventGrid/topics', parameters('topicName'))]"], rule.Property("scopes")!.AsArray().Select(Text));
        Assert.Equal(("Microsoft.EventGrid/topics", "DeadLetteredCount"), (Text(criterion["metricNamespace"]), Text(criterion["metricName"])));
        Assert.Equal(("GreaterThan", 0, "Total"), (Text(criterion["operator"]), Number(criterion["threshold"]), Text(criterion["timeAggregation"])));
        Assert.True(Bool(rule.Property("enabled")));
    }

    [LinuxX64Fact]
    public void Main_points_the_dashboard_at_the_component_and_topic_it_deploys()
    {
        var parameters = Module.Deployment!["properties"]!["parameters"]!;

        Assert.Equal("[variables('names').applicationInsights]", Text(parameters["applicationInsightsName"]!["value"]));
        Assert.Equal("[variables('names').topic]", Text(parameters["topicName"]!["value"]));
        Assert.Equal(["monitoring", "rg", "topic"], Module.Deployment["dependsOn"]!.AsArray().Select(Text).Order(StringComparer.Ordinal));
    }

    [GeneratedRegex(@"^\[format\('(.*)', variables\('metricPrefix'\)\)\]$", RegexOptions.Singleline)]
    private static partial Regex FormatOfPrefix();

    [GeneratedRegex(@"\b(traces|requests|dependencies|exceptions|AppTraces|AppRequests|AppDependencies|AppExceptions)\b")]
    private static partial Regex LogOrSpanTable();
}
