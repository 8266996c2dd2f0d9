namespace Twin.Contracts;

/// <summary>How a lot came to be.</summary>
public enum LotOriginKind
{
    /// <summary>Goods receipt (purchase, transfer from another plant); Reference = receipt document, if any.</summary>
    Receipt = 0,

    /// <summary>Output of a work order; Reference = work order id.</summary>
    WorkOrder = 1,

    /// <summary>Split off another lot; Reference = parent lot id.</summary>
    Split = 2,

    /// <summary>Created by merging another lot into it; Reference = source lot id.</summary>
    Merge = 3,
}

/// <summary>Where a lot came from.</summary>
[GenerateSerializer, Immutable]
public sealed record LotOrigin(
    [property: Id(0)] LotOriginKind Kind,
    [property: Id(1)] string? Reference);
