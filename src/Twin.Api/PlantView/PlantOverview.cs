using Twin.Contracts;

namespace Twin.Api.PlantView;

/// <summary>
/// What the plant view shows, in one answer (<c>GET /api/plants/{plant}/overview</c>). Each part is null when it was
/// not asked for (<c>?parts=</c>), so the page can refresh only what an event touched. <see cref="Kpis"/> is the
/// plant's KPI grain's last computation (integration KPIs and latency objectives), the same answer as
/// <c>GET /api/plants/{plant}/kpis</c>.
/// </summary>
public sealed record PlantOverview(
    string Plant,
    DateTimeOffset Time,
    OverviewList<MachineTile>? Machines,
    OverviewList<WorkOrderProgress>? WorkOrders,
    OverviewList<HeldLot>? LotsOnHold,
    ErpSyncFigures? Erp,
    IReadOnlyList<IngestConnectionHealth>? Connections,
    PlantKpis? Kpis);

/// <summary>The first items of a plant list in id order; <see cref="More"/> says the plant has more than shown.</summary>
public sealed record OverviewList<T>(IReadOnlyList<T> Items, bool More);

/// <summary>A machine as the view shows it: its line (work centre), status, OEE over the window and current order.</summary>
public sealed record MachineTile(
    string MachineId,
    string Name,
    string? Line,
    MachineStatus Status,
    DateTimeOffset StatusSince,
    string? WorkOrderId,
    int? OperationSequence,
    long Good,
    long Scrap,
    OeeFigures? Oee);

/// <summary>An open work order's progress: good and scrap of its last operation (what is finished) against the plan.</summary>
public sealed record WorkOrderProgress(
    string WorkOrderId,
    string Item,
    WorkOrderStatus Status,
    decimal PlannedQuantity,
    decimal Good,
    decimal Scrap,
    decimal ReceivedQuantity,
    string Unit,
    int Operations);

/// <summary>A lot on quality hold.</summary>
public sealed record HeldLot(string LotId, string Item, decimal Quantity, string Unit, StockStatus Status, string? Reason);
