namespace ErpSimulator.Booking;

/// <summary>A document in the simulated ERP's books, as the audit endpoint lists it.</summary>
public sealed record BookedDocument(
    string DocumentNumber,
    string IdempotencyKey,
    string Kind,
    string? Plant,
    string? WorkOrder,
    string? Operation,
    string Item,
    string? Lot,
    decimal Quantity,
    string Unit,
    string? FromLocation,
    string? ToLocation,
    string? Reason,
    string? CorrelationId,
    IReadOnlyList<string> SourceEventIds,
    DateTimeOffset? OccurredAt,
    DateTimeOffset BookedAt,
    string? ToLot = null,
    string? Machine = null,
    bool Final = false);
