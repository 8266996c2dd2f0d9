using System.Collections.Concurrent;
using System.Diagnostics.Metrics;
using Twin.Contracts;
using Twin.Domain.Objectives;

namespace Twin.Grains.Kpis;

/// <summary>
/// Integration KPIs and latency objectives per plant (meter "Twin.Kpis"). The latency histogram and the met/missed
/// counter are recorded where each latency is measured (every silo); the gauges are what each plant's KPI grain last
/// computed on this silo, for alerting: a KPI above zero, or an objective's compliance below its target.
/// </summary>
public static class KpiMetrics
{
    public const string MeterName = "Twin.Kpis";

    private static readonly Meter Meter = new(MeterName);
    private static readonly ConcurrentDictionary<string, PlantKpis> Plants = new(StringComparer.Ordinal);

    public static readonly Histogram<double> Latency = Meter.CreateHistogram("twin.objective.latency", "s",
        "End-to-end latency of a workflow from the source time stamp (machine-telemetry: to the twin; warehouse-movement: to the webhook receiver; erp-posting: to the ERP booking).",
        advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = LatencyBuckets.Bounds });

    public static readonly Counter<long> Verdicts = Meter.CreateCounter<long>("twin.objective.latencies", "{latency}",
        "Latencies measured per workflow, by verdict (met: within the objective, missed: beyond it).");

    static KpiMetrics()
    {
        Gauge("twin.kpi.delayed_confirmations", "{document}", "Production confirmations queued for the ERP longer than the ERP-posting objective.", k => k.DelayedConfirmations.Count);
        Gauge("twin.kpi.unposted_goods_movements", "{document}", "Goods movements the ERP refused (dead letters waiting for a fix and a replay).", k => k.UnpostedGoodsMovements.Count);
        Gauge("twin.kpi.inventory_mismatches", "{line}", "Item/lot lines whose stock differs between the location twins and the ERP (confirmed by two reconciliation runs).", k => k.InventoryMismatch.MismatchedLines);
        Gauge("twin.kpi.quality_holds_overdue", "{lot}", "Lots on quality hold longer than Twin:Kpis:QualityHoldLimit.", k => k.QualityHolds.Overdue);
        Gauge("twin.kpi.webhook_dead_letters", "{message}", "Webhook deliveries given up on (dead letters of the plant's subscriptions).", k => k.WebhookDeliveries.DeadLetters);
        Gauge("twin.kpi.connections_degraded", "{connection}", "OPC UA connections with gaps or overflow, or not connected.", k => k.Connections.Degraded.Count);
        Meter.CreateObservableGauge("twin.objective.compliance", () => Objectives(o => o.Compliance), "1",
            "Share of the window's latencies within the workflow's objective (alert when below twin.objective.target).");
        Meter.CreateObservableGauge("twin.objective.target", () => Objectives(o => o.Target), "1", "Share of latencies that must be within the objective.");
        Meter.CreateObservableGauge("twin.objective.p99", () => Objectives(o => o.P99Seconds ?? 0), "s", "99th percentile of the workflow's latency over the window.");
    }

    /// <summary>Records one measured latency of <paramref name="workflow"/> in <paramref name="plant"/>.</summary>
    public static void RecordLatency(string plant, string workflow, double seconds, bool met)
    {
        var plantTag = new KeyValuePair<string, object?>("plant", plant);
        var workflowTag = new KeyValuePair<string, object?>("workflow", workflow);
        Latency.Record(seconds, plantTag, workflowTag);
        Verdicts.Add(1, plantTag, workflowTag, new KeyValuePair<string, object?>("verdict", met ? "met" : "missed"));
    }

    /// <summary>Publishes the KPIs of a plant as gauges (called by its KPI grain after each refresh).</summary>
    public static void Report(PlantKpis kpis) => Plants[kpis.Plant] = kpis;

    /// <summary>Forgets <paramref name="plant"/> (its grain left this silo; the silo it moved to reports it now).</summary>
    public static void Forget(string plant) => Plants.TryRemove(plant, out _);

    private static void Gauge(string name, string unit, string description, Func<PlantKpis, long> figure) =>
        Meter.CreateObservableGauge(name, () => Plants.Values.Select(k => new Measurement<long>(figure(k), new KeyValuePair<string, object?>("plant", k.Plant))), unit, description);

    private static IEnumerable<Measurement<double>> Objectives(Func<ObjectiveReport, double> figure) =>
        Plants.Values.SelectMany(k => k.Objectives.Select(o => new Measurement<double>(figure(o),
            new KeyValuePair<string, object?>("plant", k.Plant), new KeyValuePair<string, object?>("workflow", o.Workflow))));
}
