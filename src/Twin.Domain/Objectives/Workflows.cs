namespace Twin.Domain.Objectives;

/// <summary>
/// The workflows with a latency objective, each measured end to end from the source's time stamp: a machine value
/// until its twin applied it, a warehouse movement until a webhook receiver took it, a business event until the ERP
/// booked its document.
/// </summary>
public static class Workflows
{
    /// <summary>OPC UA source time stamp → machine twin applied the value.</summary>
    public const string MachineTelemetry = "machine-telemetry";

    /// <summary>Warehouse event (receipt, issue, move) → webhook receiver answered 2xx.</summary>
    public const string WarehouseMovement = "warehouse-movement";

    /// <summary>Business event → ERP booked its document.</summary>
    public const string ErpPosting = "erp-posting";

    public static readonly IReadOnlyList<string> All = [MachineTelemetry, WarehouseMovement, ErpPosting];
}
