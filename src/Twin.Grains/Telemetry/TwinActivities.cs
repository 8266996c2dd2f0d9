using System.Diagnostics;

namespace Twin.Grains.Telemetry;

/// <summary>
/// The spans of the shop-floor-to-ERP path (activity source "Twin.Pipeline"): one per OPC UA Publish response
/// handed to the twins, one per ERP batch posted. Orleans' activity propagation makes the grain calls in between
/// child spans, so one trace runs from a Publish response through the machine twin and the work order to the
/// ERP posting; the business correlation id is a tag on each, so a trace is also found from a dead letter or a log line.
/// Spans exist only while a listener samples them: with telemetry off this costs one branch per response.
/// </summary>
public static class TwinActivities
{
    public const string SourceName = "Twin.Pipeline";

    /// <summary>Tag holding the business correlation id (the same id as in history, events and ERP documents).</summary>
    public const string CorrelationIdTag = "twin.correlation_id";

    /// <summary>Tag holding the plant id.</summary>
    public const string PlantTag = "twin.plant";

    public static readonly ActivitySource Source = new(SourceName);
}
