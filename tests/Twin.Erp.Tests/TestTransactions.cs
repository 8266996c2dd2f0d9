using Twin.Erp.Transactions;

namespace Twin.Erp.Tests;

/// <summary>Builds plausible transactions with keys derived the way the twins will derive them.</summary>
internal static class TestTransactions
{
    public static ErpTransaction Confirmation(string eventId, string item = "FG-100", string workOrder = "4711", decimal quantity = 10) =>
        Make(ErpTransactionKind.ProductionConfirmation, eventId, item, workOrder, quantity);

    public static ErpTransaction Make(ErpTransactionKind kind, string eventId, string item = "FG-100", string? workOrder = "4711", decimal quantity = 10) => new()
    {
        IdempotencyKey = ErpIdempotencyKey.Derive(kind, [eventId]),
        Kind = kind,
        Plant = "P1",
        WorkOrder = workOrder,
        Operation = "10",
        Item = item,
        Quantity = quantity,
        Unit = "pcs",
        ToLocation = kind is ErpTransactionKind.GoodsReceipt or ErpTransactionKind.StockMove ? "FG-STORE" : null,
        FromLocation = kind is ErpTransactionKind.StockMove ? "LINE-1" : null,
        CorrelationId = "corr-" + eventId,
        SourceEventIds = [eventId],
        OccurredAt = new DateTimeOffset(2026, 11, 27, 8, 0, 0, TimeSpan.Zero),
    };

    /// <summary>Event ids unique to one test run, so tests sharing a simulator never collide.</summary>
    public static string NewEventId(string hint) => $"{hint}-{Guid.NewGuid():N}";
}
