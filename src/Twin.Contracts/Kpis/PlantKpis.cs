namespace Twin.Contracts;

/// <summary>
/// The integration KPIs of one plant: what an operator must act on between the shop floor, the twins, the receivers
/// and the ERP. Computed by the plant's KPI grain from counters the plant keeps anyway (at most every few seconds,
/// never a scan of its twins per request); the inventory figure comes from the last reconciliation run.
/// <see cref="Ok"/> is true when no KPI needs attention.
/// </summary>
[GenerateSerializer, Immutable]
public sealed record PlantKpis(
    [property: Id(0)] string Plant,
    [property: Id(1)] DateTimeOffset ComputedAt,
    [property: Id(2)] bool Ok,
    [property: Id(3)] DelayedConfirmationsKpi DelayedConfirmations,
    [property: Id(4)] UnpostedMovementsKpi UnpostedGoodsMovements,
    [property: Id(5)] InventoryKpi InventoryMismatch,
    [property: Id(6)] QualityHoldsKpi QualityHolds,
    [property: Id(7)] WebhookDeliveriesKpi WebhookDeliveries,
    [property: Id(8)] ConnectionsKpi Connections,
    [property: Id(9)] IReadOnlyList<ObjectiveReport> Objectives);

/// <summary>Production confirmations queued for the ERP longer than the ERP-posting objective.</summary>
/// <param name="Ok">No confirmation is late.</param>
/// <param name="Count">Delayed confirmations: queued documents plus <paramref name="InOpenWindows"/> (a lower bound when <paramref name="Capped"/>).</param>
/// <param name="ObjectiveSeconds">The ERP-posting objective they are measured against.</param>
/// <param name="Capped">The queue was longer than the KPI reads; there may be more.</param>
/// <param name="InOpenWindows">Production reports still staged in an open posting window (no ERP document yet) for longer than the objective.</param>
[GenerateSerializer, Immutable]
public sealed record DelayedConfirmationsKpi(
    [property: Id(0)] bool Ok,
    [property: Id(1)] long Count,
    [property: Id(2)] double ObjectiveSeconds,
    [property: Id(3)] bool Capped,
    [property: Id(4)] long InOpenWindows = 0);

/// <summary>Goods movements (receipts, issues, moves, consumptions, scrap from stock, lot transfers) the ERP refused: dead letters waiting for a fix and a replay.</summary>
[GenerateSerializer, Immutable]
public sealed record UnpostedMovementsKpi(
    [property: Id(0)] bool Ok,
    [property: Id(1)] long Count,
    [property: Id(2)] IReadOnlyDictionary<string, long> ByKind,
    [property: Id(3)] long DeadLettersAllKinds,
    [property: Id(4)] bool Capped);

/// <summary>
/// The last inventory reconciliation: location twins' stock against the ERP's, through the connector's read side.
/// Status: <c>not-run</c>, <c>running</c> (first run under way), <c>ok</c>, <c>mismatch</c>, <c>not-supported</c> (the
/// connector cannot read stock), <c>unavailable</c> (the ERP did not answer; <paramref name="Reason"/> says why).
/// </summary>
/// <param name="Ok">No confirmed difference (not-supported and not-run count as ok: nothing is known to differ).</param>
/// <param name="Status">not-run, running, ok, mismatch, not-supported or unavailable.</param>
/// <param name="MismatchedLines">Item/lot lines whose quantities differ, confirmed by two runs in a row.</param>
/// <param name="UnconfirmedLines">Lines that differed in the last run only (movements on their way); confirmed or cleared by the next.</param>
/// <param name="LocationsChecked">Locations compared in the last whole run.</param>
/// <param name="LastRunStartedAt">When the last run started.</param>
/// <param name="LastRunCompletedAt">When the last whole run ended.</param>
/// <param name="Reason">Why the last run could not compare (not-supported, unavailable).</param>
/// <param name="Examples">Up to 20 of the confirmed differences.</param>
[GenerateSerializer, Immutable]
public sealed record InventoryKpi(
    [property: Id(0)] bool Ok,
    [property: Id(1)] string Status,
    [property: Id(2)] int MismatchedLines,
    [property: Id(3)] int UnconfirmedLines,
    [property: Id(4)] int LocationsChecked,
    [property: Id(5)] DateTimeOffset? LastRunStartedAt,
    [property: Id(6)] DateTimeOffset? LastRunCompletedAt,
    [property: Id(7)] string? Reason,
    [property: Id(8)] IReadOnlyList<InventoryMismatchLine> Examples);

/// <summary>One item and lot at one location whose quantity the twin and the ERP disagree on.</summary>
[GenerateSerializer, Immutable]
public sealed record InventoryMismatchLine(
    [property: Id(0)] string LocationId,
    [property: Id(1)] string Item,
    [property: Id(2)] string? LotId,
    [property: Id(3)] decimal TwinQuantity,
    [property: Id(4)] decimal ErpQuantity,
    [property: Id(5)] string? Unit);

/// <summary>Lots on quality hold, and those held longer than the configured limit (<c>Twin:Kpis:QualityHoldLimit</c>).</summary>
[GenerateSerializer, Immutable]
public sealed record QualityHoldsKpi(
    [property: Id(0)] bool Ok,
    [property: Id(1)] int OnHold,
    [property: Id(2)] int Overdue,
    [property: Id(3)] double LimitSeconds,
    [property: Id(4)] DateTimeOffset? OldestSince,
    [property: Id(5)] IReadOnlyList<string> OverdueLots);

/// <summary>Deliveries to the plant's webhook receivers (WMS, QMS, portals) that failed: dead letters, and subscriptions whose last attempt failed.</summary>
[GenerateSerializer, Immutable]
public sealed record WebhookDeliveriesKpi(
    [property: Id(0)] bool Ok,
    [property: Id(1)] int Subscriptions,
    [property: Id(2)] long DeadLetters,
    [property: Id(3)] int FailingSubscriptions,
    [property: Id(4)] long Pending,
    [property: Id(5)] double? OldestPendingSeconds);

/// <summary>OPC UA connections with notification gaps or server queue overflow since their silo started, and those not connected.</summary>
[GenerateSerializer, Immutable]
public sealed record ConnectionsKpi(
    [property: Id(0)] bool Ok,
    [property: Id(1)] int Total,
    [property: Id(2)] int WithGaps,
    [property: Id(3)] int WithOverflow,
    [property: Id(4)] int NotConnected,
    [property: Id(5)] IReadOnlyList<string> Degraded);
