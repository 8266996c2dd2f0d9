using System.Diagnostics.Metrics;

namespace Twin.Api.Feeds;

/// <summary>
/// What the change feeds do (meter "Twin.Feeds", e.g. <c>dotnet-counters monitor -n Twin.Silo --counters Twin.Feeds</c>):
/// clients connected, events taken into the plant windows, and clients dropped by reason.
/// </summary>
public static class ChangeFeedMetrics
{
    public const string MeterName = "Twin.Feeds";

    private static readonly Meter Meter = new(MeterName);

    internal static readonly UpDownCounter<long> Clients = Meter.CreateUpDownCounter<long>("twin.feeds.clients", "{client}",
        "Change-feed clients connected to this silo");

    internal static readonly Counter<long> Events = Meter.CreateCounter<long>("twin.feeds.events", "{event}",
        "Events taken into the plant feeds' windows (redeliveries not counted)");

    internal static readonly Counter<long> Dropped = Meter.CreateCounter<long>("twin.feeds.dropped", "{client}",
        "Clients let go by the feed (tag reason: slow-consumer, access-revoked, feed-closed)");
}
