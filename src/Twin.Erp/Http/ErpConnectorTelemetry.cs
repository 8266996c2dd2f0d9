using System.Diagnostics;
using System.Diagnostics.Metrics;
using Twin.Erp.Connector;

namespace Twin.Erp.Http;

/// <summary>
/// Metrics and traces of the connector (meter and activity source "Twin.Erp"), OpenTelemetry-ready.
/// Retries, timeouts and circuit-breaker events are reported by the resilience pipeline itself.
/// </summary>
internal sealed class ErpConnectorTelemetry
{
    public const string Name = "Twin.Erp";

    public static readonly ActivitySource Activities = new(Name);

    private readonly Counter<long> _transactions;
    private readonly Histogram<double> _postDuration;

    public ErpConnectorTelemetry(IMeterFactory meters)
    {
        var meter = meters.Create(Name);
        _transactions = meter.CreateCounter<long>(
            "twin.erp.connector.transactions", unit: "{transaction}", description: "Transactions posted to the ERP, by outcome.");
        _postDuration = meter.CreateHistogram<double>(
            "twin.erp.connector.post.duration", unit: "s", description: "Time to post one request, retries and rate-limit waits included.");
    }

    public void Record(IReadOnlyList<ErpPostOutcome> outcomes, TimeSpan elapsed)
    {
        _postDuration.Record(elapsed.TotalSeconds);
        foreach (var group in outcomes.GroupBy(OutcomeTag))
        {
            _transactions.Add(group.Count(), new KeyValuePair<string, object?>("outcome", group.Key));
        }
    }

    private static string OutcomeTag(ErpPostOutcome outcome) => outcome.Status switch
    {
        ErpOutcomeStatus.Booked when outcome.AlreadyBooked => "already_booked",
        ErpOutcomeStatus.Booked => "booked",
        ErpOutcomeStatus.Rejected => "rejected",
        ErpOutcomeStatus.Transient when outcome.Ambiguous => "unknown",
        _ => "transient",
    };
}
