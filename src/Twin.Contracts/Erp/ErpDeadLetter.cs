namespace Twin.Contracts;

/// <summary>A transaction the ERP rejected for a business reason, waiting for someone to fix the cause and replay it.</summary>
[GenerateSerializer, Immutable]
public sealed record ErpDeadLetter(
    [property: Id(0)] string IdempotencyKey,
    [property: Id(1)] string Kind,
    [property: Id(2)] string? WorkOrder,
    [property: Id(3)] string? Operation,
    [property: Id(4)] string Item,
    [property: Id(5)] string? Lot,
    [property: Id(6)] decimal Quantity,
    [property: Id(7)] string Unit,
    [property: Id(8)] string Reason,
    [property: Id(9)] DateTimeOffset RejectedAt,
    [property: Id(10)] int Attempts,
    [property: Id(11)] string? CorrelationId,
    [property: Id(12)] IReadOnlyList<string> SourceEventIds);
