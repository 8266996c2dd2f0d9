namespace Twin.Erp.Inbound;

/// <summary>
/// An ERP production order in Twin's vocabulary, ready to become (or update) a work-order twin: Twin plant, work-order
/// id, units and locations through the mapping tables, operation numbers as routing sequences.
/// </summary>
public sealed record TwinOrderImport
{
    public required string WorkOrderId { get; init; }

    public required string Plant { get; init; }

    public required string ErpOrder { get; init; }

    public required string Item { get; init; }

    public required decimal PlannedQuantity { get; init; }

    public required string Unit { get; init; }

    public required ErpOrderState State { get; init; }

    public required DateTimeOffset ChangedAt { get; init; }

    public required IReadOnlyList<TwinOrderOperation> Routing { get; init; }

    public required IReadOnlyList<TwinOrderComponent> Components { get; init; }
}

/// <summary>A routing step of an imported order.</summary>
public sealed record TwinOrderOperation(int Sequence, string WorkCentre, TimeSpan StandardCycleTime);

/// <summary>A component requirement of an imported order.</summary>
public sealed record TwinOrderComponent(string Item, decimal Quantity, string Unit, string? LocationId, int? OperationSequence);
