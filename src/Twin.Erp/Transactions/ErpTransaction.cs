namespace Twin.Erp.Transactions;

/// <summary>
/// One business consequence of shop-floor events, as the ERP should book it. Immutable, and
/// plain enough for System.Text.Json to round-trip (grain state, wire format, logs).
/// </summary>
public sealed record ErpTransaction
{
    /// <summary>Derived from the source events (<see cref="ErpIdempotencyKey"/>), so a redelivered event yields the same key.</summary>
    public required string IdempotencyKey { get; init; }

    public required ErpTransactionKind Kind { get; init; }

    public required string Plant { get; init; }

    public string? WorkOrder { get; init; }

    /// <summary>Operation (routing step) of the work order, e.g. "10".</summary>
    public string? Operation { get; init; }

    /// <summary>Material number as the ERP knows it.</summary>
    public required string Item { get; init; }

    public string? Lot { get; init; }

    /// <summary>Lot stock goes into on a lot transfer (split: the child lot; merge: the target lot); <see cref="Lot"/> is the lot it leaves.</summary>
    public string? ToLot { get; init; }

    /// <summary>Machine (work centre resource) that reported the production or scrap, when known.</summary>
    public string? Machine { get; init; }

    public required decimal Quantity { get; init; }

    /// <summary>Unit of measure, e.g. "pcs" or "kg".</summary>
    public required string Unit { get; init; }

    /// <summary>Storage location stock leaves (stock move, consumption).</summary>
    public string? FromLocation { get; init; }

    /// <summary>Storage location stock arrives in (goods receipt, stock move).</summary>
    public string? ToLocation { get; init; }

    /// <summary>Scrap cause or quality-hold reason, in the plant's words.</summary>
    public string? Reason { get; init; }

    /// <summary>Carried from the first OPC UA notification or API request, so the ERP document can be traced back.</summary>
    public string? CorrelationId { get; init; }

    /// <summary>
    /// The last confirmation of its work-order operation (the order was completed): the ERP may close the operation.
    /// Set on the documents sealed by the order-completion trigger (see docs/erp-outbox.md).
    /// </summary>
    public bool Final { get; init; }

    /// <summary>The events this transaction was derived from (a document of a posting window: all of them, sorted).</summary>
    public IReadOnlyList<string> SourceEventIds { get; init; } = [];

    /// <summary>Source time of the shop-floor event (not the time of posting).</summary>
    public required DateTimeOffset OccurredAt { get; init; }
}
