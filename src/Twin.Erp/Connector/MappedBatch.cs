using System.Diagnostics;
using Twin.Erp.Http;
using Twin.Erp.Mapping;
using Twin.Erp.Transactions;

namespace Twin.Erp.Connector;

/// <summary>
/// The frame every ERP-shaped connector posts a batch in: map each document onto the ERP's (a mapping refusal is that
/// document's rejection), post the mapped ones, then clean every reason (ERP texts and exception messages go to dead
/// letters and logs: no credential may ride along) and record the outcomes in metrics and the trace.
/// </summary>
internal static class MappedBatch
{
    public static async Task<IReadOnlyList<ErpPostOutcome>> PostAsync<TDocument>(
        string activityName,
        IReadOnlyList<ErpTransaction> batch,
        Func<int, ErpTransaction, TDocument> map,
        Func<List<TDocument>, ErpPostOutcome[], Task> post,
        Func<string?, string> clean,
        ErpConnectorTelemetry telemetry,
        TimeProvider timeProvider)
    {
        ArgumentNullException.ThrowIfNull(batch);
        using var activity = ErpConnectorTelemetry.Activities.StartActivity(activityName, ActivityKind.Client);
        activity?.SetTag("twin.erp.batch_size", batch.Count);
        var started = timeProvider.GetTimestamp();
        var outcomes = new ErpPostOutcome[batch.Count];
        var documents = new List<TDocument>(batch.Count);
        for (var i = 0; i < batch.Count; i++)
        {
            try
            {
                documents.Add(map(i, batch[i]));
            }
            catch (ErpMappingException ex)
            {
                outcomes[i] = ErpPostOutcome.Rejected(batch[i].IdempotencyKey, ex.Message);
            }
        }

        await post(documents, outcomes).ConfigureAwait(false);

        var cleaned = outcomes.Select(o => o.Reason is null ? o : o with { Reason = clean(o.Reason) }).ToList();
        telemetry.Record(cleaned, timeProvider.GetElapsedTime(started));
        activity?.SetTag("twin.erp.booked", cleaned.Count(o => o.Status == ErpOutcomeStatus.Booked));
        return cleaned;
    }
}
