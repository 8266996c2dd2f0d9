using System.Diagnostics.Metrics;

namespace Twin.Grains.Telemetry;

/// <summary>
/// OPC UA ingest figures per plant and connection (meter "Twin.Ingest"): values received, Publish responses,
/// how far behind the machines' clocks the values arrive, notification gaps and server queue overflows.
/// </summary>
public static class IngestMetrics
{
    public const string MeterName = "Twin.Ingest";

    private static readonly Meter Meter = new(MeterName);

    public static readonly Counter<long> Values = Meter.CreateCounter<long>("twin.ingest.values", "{value}",
        "Values received from OPC UA servers (data change notifications).");

    public static readonly Counter<long> PublishResponses = Meter.CreateCounter<long>("twin.ingest.publish_responses", "{response}",
        "Publish responses received that carried data.");

    public static readonly Histogram<double> Lag = Meter.CreateHistogram<double>("twin.ingest.lag", "s",
        "Time from a value's source time stamp to its arrival at ingest (the newest value of each Publish response).");

    public static readonly Counter<long> Gaps = Meter.CreateCounter<long>("twin.ingest.gaps", "{gap}",
        "Notification gaps: the server lost notification messages (counters catch up with the next value).");

    public static readonly Counter<long> Overflows = Meter.CreateCounter<long>("twin.ingest.overflows", "{value}",
        "Values the server dropped from a full monitored-item queue (OPC UA overflow bit).");

    /// <summary>The tags of one connection.</summary>
    public static KeyValuePair<string, object?>[] TagsOf(string plant, string connection) =>
        [new("plant", plant), new("connection", connection)];
}
