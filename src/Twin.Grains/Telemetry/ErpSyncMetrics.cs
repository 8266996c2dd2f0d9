using System.Collections.Concurrent;
using System.Diagnostics.Metrics;

namespace Twin.Grains.Telemetry;

/// <summary>
/// ERP-sync figures per plant (meter "Twin.ErpSync"): documents booked, already booked, dead-lettered and retried,
/// the latency from the business event to the ERP's booking, and gauges of the queue (pending, oldest pending
/// age, dead letters) as last counted by the plant's ERP-sync grain on this silo.
/// </summary>
public static class ErpSyncMetrics
{
    public const string MeterName = "Twin.ErpSync";

    private static readonly Meter Meter = new(MeterName);
    private static readonly ConcurrentDictionary<string, QueueReading> Queues = new(StringComparer.Ordinal);

    public static readonly Counter<long> Outcomes = Meter.CreateCounter<long>("twin.erp.documents", "{document}",
        "ERP documents posted, by outcome (booked, already_booked, dead_lettered, retried).");

    public static readonly Histogram<double> PostingLatency = Meter.CreateHistogram<double>("twin.erp.posting.latency", "s",
        "Time from the business event (production, consumption, receipt, move, hold) to the ERP's booking of its document.");

    static ErpSyncMetrics()
    {
        Meter.CreateObservableGauge("twin.erp.pending", () => Read(q => q.Pending), "{document}", "Documents waiting to be posted to the ERP.");
        Meter.CreateObservableGauge("twin.erp.oldest_pending_age", () => Read(q => q.OldestPendingAge), "s", "Age of the oldest document waiting for the ERP.");
        Meter.CreateObservableGauge("twin.erp.dead_letters", () => Read(q => q.DeadLetters), "{document}", "Documents the ERP rejected, waiting for replay.");
    }

    /// <summary>Records the queue figures of <paramref name="plant"/> (called by its ERP-sync grain).</summary>
    public static void Report(string plant, long pending, TimeSpan? oldestPendingAge, long deadLetters) =>
        Queues[plant] = new QueueReading(pending, oldestPendingAge?.TotalSeconds ?? 0, deadLetters);

    /// <summary>Forgets <paramref name="plant"/> (its grain left this silo; the silo it moved to reports it now).</summary>
    public static void Forget(string plant) => Queues.TryRemove(plant, out _);

    /// <summary>Counts the outcomes of one posted batch.</summary>
    public static void Count(string plant, int booked, int alreadyBooked, int deadLettered, int retried)
    {
        Add(plant, "booked", booked);
        Add(plant, "already_booked", alreadyBooked);
        Add(plant, "dead_lettered", deadLettered);
        Add(plant, "retried", retried);
    }

    private static void Add(string plant, string outcome, int count)
    {
        if (count > 0)
        {
            Outcomes.Add(count, new KeyValuePair<string, object?>("plant", plant), new KeyValuePair<string, object?>("outcome", outcome));
        }
    }

    private static IEnumerable<Measurement<double>> Read(Func<QueueReading, double> figure) =>
        Queues.Select(q => new Measurement<double>(figure(q.Value), new KeyValuePair<string, object?>("plant", q.Key)));

    private readonly record struct QueueReading(double Pending, double OldestPendingAge, double DeadLetters);
}
