using Microsoft.Extensions.Logging;
using Twin.Erp.Connector;

namespace Twin.Erp.Sap;

/// <summary>
/// A 201 on a confirmation does not mean its goods movements posted: SAP parks failed backflushes and automatic
/// receipts in its error pool (COGI). After every booked confirmation (posted now, or found by a lookup) its failed
/// movements are read, in one GET <c>$batch</c> per chunk, and carried on the booked outcome for the outbox to file as
/// dead letters. The confirmation is never posted again for them.
/// </summary>
internal sealed partial class SapS4Connector
{
    private async Task ReadErrorPoolAsync(SapDocument[] chunk, ErpPostOutcome[] outcomes, CancellationToken cancellationToken)
    {
        var booked = chunk
            .Select(d => (Document: d, Number: outcomes[d.Index] is { Status: ErpOutcomeStatus.Booked } o ? SapConfirmationNumber.Parse(o.DocumentNumber) : null))
            .Where(b => b.Number is not null)
            .ToList();
        if (booked.Count == 0)
        {
            return;
        }

        var set = _options.FailedGoodsMovementSet;
        var reply = await SendBatchAsync(_confirmations, booked.Select(b => new SapBatchOperation("GET",
            $"{set}?$filter=ConfirmationGroup%20eq%20'{b.Number!.Value.Group}'%20and%20ConfirmationCount%20eq%20'{b.Number.Value.Count}'")).ToList(), cancellationToken).ConfigureAwait(false);
        if (reply.Failure is null && reply.Status is >= 400 and < 500)
        {
            // Refused as a whole (no such set, no authorization): SAP will not answer it next time either. Booked as they stand.
            LogErrorPoolUnreadable(set, reply.Status, Clean(SapError.Parse(reply.Body).Describe()));
            return;
        }

        var (answers, failure) = ReadQueryAnswers(reply, "the error-pool read");

        for (var i = 0; i < booked.Count; i++)
        {
            var (d, number) = booked[i];
            var outcome = outcomes[d.Index];
            var answer = answers is not null && i < answers.Count ? answers[i] : null;
            if (answer is null)
            {
                // Booked, but whether its movements posted is not known yet: it waits as unknown, so the next round
                // looks it up (found: not posted again) and reads its error pool again.
                outcomes[d.Index] = Resolve(d.Key, ErpPostOutcome.Unknown(d.Key,
                    $"confirmation booked as {outcome.DocumentNumber}, but its goods movements could not be read back ({failure ?? "no part in SAP's answer"}); looked up and read again"));
                continue;
            }

            if (!answer.Succeeded)
            {
                // The system does not offer the set (or refuses this user): booked as it stands, said loudly once per chunk.
                LogErrorPoolUnreadable(set, answer.Status, Clean(SapError.Parse(answer.Body).Describe()));
                continue;
            }

            try
            {
                var failed = SapFailedGoodsMovements.Read(answer.Body, d.Transaction, outcome.DocumentNumber!, _mapping);
                if (failed.Count > 0)
                {
                    LogParked(d.Key, outcome.DocumentNumber, failed.Count, Clean(failed[0].Reason));
                    outcomes[d.Index] = outcome with { FailedGoodsMovements = failed };
                }
            }
            catch (FormatException ex)
            {
                outcomes[d.Index] = Resolve(d.Key, ErpPostOutcome.Unknown(d.Key,
                    $"confirmation booked as {outcome.DocumentNumber}, but its error-pool answer could not be read ({ex.Message}); looked up and read again"));
            }
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "SAP booked confirmation {Key} ({DocumentNumber}) but parked {Count} of its goods movement(s) in the error pool (COGI): {Reason}")]
    private partial void LogParked(string key, string? documentNumber, int count, string reason);

    [LoggerMessage(Level = LogLevel.Warning, Message = "SAP: goods movements a confirmation parked in the error pool cannot be read from {Set} ({Status}: {Error}); check Erp:Connector:FailedGoodsMovementSet (empty: not read)")]
    private partial void LogErrorPoolUnreadable(string set, int status, string error);
}
