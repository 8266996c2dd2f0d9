using System.Diagnostics.Metrics;

namespace Twin.Grains.Publishing;

/// <summary>
/// What the twin event publisher sends (meter "Twin.Publishing"): events / batches is the batching factor, i.e. how
/// many events share one stream item (one queue row and commit on the PostgreSQL profile).
/// </summary>
public static class PublishingMetrics
{
    public const string MeterName = "Twin.Publishing";

    private static readonly Meter Meter = new(MeterName);

    public static readonly Counter<long> Events = Meter.CreateCounter<long>("twin.publishing.events", "{event}",
        "Twin events put on streams (twin-changes and erp-outbox counted separately)");

    public static readonly Counter<long> Batches = Meter.CreateCounter<long>("twin.publishing.batches", "{batch}",
        "Stream items (OnNextBatchAsync calls) those events travelled in");
}
