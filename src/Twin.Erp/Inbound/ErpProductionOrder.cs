namespace Twin.Erp.Inbound;

/// <summary>
/// A production order as the ERP holds it, in the ERP's vocabulary (its order number, plant, units, operation numbers):
/// one shape that SAP's <c>A_ProductionOrder_2</c> and D365's production order entities both read into. Translating it
/// into a work-order twin is <see cref="ErpOrderTranslator"/>'s job.
/// </summary>
public sealed record ErpProductionOrder
{
    /// <summary>The ERP's order number, e.g. SAP's <c>1000123</c>.</summary>
    public required string Order { get; init; }

    /// <summary>The ERP plant (SAP <c>ProductionPlant</c>, D365 site or company).</summary>
    public required string Plant { get; init; }

    /// <summary>The material or item made.</summary>
    public required string Material { get; init; }

    public required decimal Quantity { get; init; }

    /// <summary>The ERP's unit, e.g. SAP's <c>ST</c>.</summary>
    public required string Unit { get; init; }

    public required ErpOrderState State { get; init; }

    /// <summary>When the ERP last changed the order: the delta position (with <see cref="Order"/> as tie-breaker).</summary>
    public required DateTimeOffset ChangedAt { get; init; }

    public IReadOnlyList<ErpOrderOperation> Operations { get; init; } = [];

    public IReadOnlyList<ErpOrderComponent> Components { get; init; } = [];

    /// <summary>The keyset position just after this order.</summary>
    public ErpOrderWatermark Position => new(ChangedAt, Order);
}

/// <summary>Where an order stands in the ERP, reduced to what the shop floor acts on.</summary>
public enum ErpOrderState
{
    /// <summary>Created or planned, not released: nothing may be reported yet.</summary>
    NotReleased,

    /// <summary>Released to the shop floor (SAP REL; D365 Released or Started).</summary>
    Released,

    /// <summary>Technically complete (SAP TECO; D365 Reported as finished): no more production expected.</summary>
    Completed,

    /// <summary>Closed (SAP CLSD; D365 Ended): nothing more may be booked on it.</summary>
    Closed,

    /// <summary>Deleted or flagged for deletion.</summary>
    Cancelled,
}

/// <summary>One routing operation: the ERP's operation number (SAP "0010"), work centre and standard time per unit.</summary>
public sealed record ErpOrderOperation(string Operation, string WorkCentre, TimeSpan StandardTimePerUnit);

/// <summary>One component requirement: material, quantity in the ERP's unit, the storage location it is staged from and the operation it goes into.</summary>
public sealed record ErpOrderComponent(string Material, decimal Quantity, string Unit, string? StorageLocation, string? Operation);
