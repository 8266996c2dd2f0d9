namespace Twin.Domain.WorkOrders;

/// <summary>Where the ERP says an order stands (same names and values as the contract enum).</summary>
public enum ErpPhase
{
    NotReleased = 0,
    Released = 1,
    Completed = 2,
    Closed = 3,
    Cancelled = 4,
}

/// <summary>One version of an ERP production order, already in Twin's vocabulary.</summary>
public sealed record ErpOrderVersion(
    string Plant,
    string ErpOrder,
    string Item,
    decimal PlannedQuantity,
    string Unit,
    ErpPhase Phase,
    DateTimeOffset ChangedAt,
    IReadOnlyList<RoutingStep> Routing,
    IReadOnlyList<ComponentLine> Components);
