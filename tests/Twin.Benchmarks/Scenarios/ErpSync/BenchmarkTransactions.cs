using System.Globalization;
using Twin.Erp.Transactions;

namespace Twin.Benchmarks.Scenarios.ErpSync;

/// <summary>
/// Production confirmations numbered per plant. Transaction n is always built the same way, so a
/// "redelivery" of n is simply building n again: same source event, hence the same idempotency key,
/// exactly as a stream redelivery would produce it.
/// </summary>
public static class BenchmarkTransactions
{
    public static ErpTransaction Confirmation(string plant, long sequence) =>
        Confirmation(plant, sequence, string.Create(CultureInfo.InvariantCulture, $"WO-{sequence / 1000:D6}"));

    /// <summary>Transaction n of <paramref name="plant"/>, reported against <paramref name="workOrder"/>.</summary>
    public static ErpTransaction Confirmation(string plant, long sequence, string workOrder)
    {
        var eventId = string.Create(CultureInfo.InvariantCulture, $"{plant}-counter-{sequence}");
        return new ErpTransaction
        {
            IdempotencyKey = ErpIdempotencyKey.Derive(ErpTransactionKind.ProductionConfirmation, [eventId]),
            Kind = ErpTransactionKind.ProductionConfirmation,
            Plant = plant,
            WorkOrder = workOrder,
            Operation = "10",
            Item = "FG-100",
            Quantity = 1 + (sequence % 7),
            Unit = "pcs",
            CorrelationId = eventId,
            SourceEventIds = [eventId],
            OccurredAt = DateTimeOffset.UtcNow,
        };
    }
}
