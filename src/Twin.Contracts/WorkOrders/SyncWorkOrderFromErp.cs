namespace Twin.Contracts;

/// <summary>Where the ERP says an order stands.</summary>
public enum ErpOrderPhase
{
    NotReleased = 0,
    Released = 1,
    Completed = 2,
    Closed = 3,
    Cancelled = 4,
}

/// <summary>
/// One version of an ERP production order, in Twin's vocabulary (plant, work-order id, units mapped). Its request id is
/// derived from (ERP order, change time), so the same version delivered twice is applied once.
/// </summary>
[GenerateSerializer, Immutable]
public sealed record SyncWorkOrderFromErp(
    [property: Id(0)] CommandContext Context,
    [property: Id(1)] string Plant,
    [property: Id(2)] string ErpOrder,
    [property: Id(3)] string Item,
    [property: Id(4)] decimal PlannedQuantity,
    [property: Id(5)] string Unit,
    [property: Id(6)] ErpOrderPhase Phase,
    [property: Id(7)] DateTimeOffset ChangedAt,
    [property: Id(8)] IReadOnlyList<RoutingOperation> Routing,
    [property: Id(9)] IReadOnlyList<ComponentRequirement> Components) : ITwinCommand;

/// <summary>What a <see cref="SyncWorkOrderFromErp"/> did.</summary>
public enum ErpOrderSyncOutcome
{
    Created = 0,
    Updated = 1,
    Unchanged = 2,
    Ignored = 3,
    Refused = 4,
}

/// <summary>The outcome of a sync, the twin's version after it, and the reason when refused or ignored.</summary>
[GenerateSerializer, Immutable]
public sealed record ErpOrderSyncAnswer(
    [property: Id(0)] ErpOrderSyncOutcome Outcome,
    [property: Id(1)] long Version,
    [property: Id(2)] string? Reason = null);
