namespace Twin.Grains.Erp;

/// <summary>Durable state of a plant's order poller: the watermark (keyset position) and running totals.</summary>
[GenerateSerializer]
public sealed record ErpOrderPollerState
{
    [Id(0)] public DateTimeOffset? WatermarkChangedAt { get; init; }
    [Id(1)] public string? WatermarkOrder { get; init; }
    [Id(2)] public long Polls { get; init; }
    [Id(3)] public long Requests { get; init; }
    [Id(4)] public long Created { get; init; }
    [Id(5)] public long Updated { get; init; }
    [Id(6)] public long Unchanged { get; init; }
    [Id(7)] public long Ignored { get; init; }
    [Id(8)] public long Refused { get; init; }
    [Id(9)] public DateTimeOffset? LastPolledAt { get; init; }
}
