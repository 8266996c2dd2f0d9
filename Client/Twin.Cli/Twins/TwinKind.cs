using Twin.Cli.Output;

namespace Twin.Cli.Twins;

/// <summary>A kind of twin as the CLI shows it: its command and route, what one is called, its list columns.</summary>
internal sealed record TwinKind(string Command, string Singular, string Description, IReadOnlyList<Column> ListColumns)
{
    public static readonly TwinKind Machines = new("machines", "machine", "Machine twins: status, signals, counters, assignment.",
    [
        Column.Of("ID", "machineId"), Column.Of("NAME", "name"), Column.Of("STATUS", "status"),
        Column.Of("SINCE", "statusSince"), Column.Of("WORK ORDER", "workOrderId"),
    ]);

    public static readonly TwinKind WorkOrders = new("work-orders", "work order", "Work order twins: status, operations' progress, consumption, receipts.",
    [
        Column.Of("ID", "workOrderId"), Column.Of("ITEM", "item"), Column.Of("STATUS", "status"),
        Column.Of("PLANNED", "plannedQuantity"), Column.Of("RECEIVED", "receivedQuantity"), Column.Of("UNIT", "unit"),
    ]);

    public static readonly TwinKind Lots = new("lots", "lot", "Lot twins: quantity, stock status, quality holds, genealogy.",
    [
        Column.Of("ID", "lotId"), Column.Of("ITEM", "item"), Column.Of("QUANTITY", "quantity"), Column.Of("UNIT", "unit"),
        Column.Of("STATUS", "status"), Column.Of("HOLD REASON", "holdReason"),
    ]);

    public static readonly TwinKind Locations = new("locations", "location", "Warehouse location twins: stock balances and transfers in transit.",
    [
        Column.Of("ID", "locationId"), Column.Of("NAME", "name"), Column.Of("BALANCE LINES", "balanceLines"),
    ]);

    public static readonly IReadOnlyList<TwinKind> All = [Machines, WorkOrders, Lots, Locations];

    /// <summary>The REST route below the plant, which is the command's name too.</summary>
    public string Route => Command;

    public static readonly IReadOnlyList<Column> HistoryColumns =
    [
        Column.Of("SEQ", "sequence"), Column.Of("AT", "at"), Column.Of("COMMAND", "command"), Column.Of("OK", "succeeded"),
        Column.Of("USER", "user"), Column.Of("CORRELATION", "correlationId"), Column.Of("CHANGE", "change"),
    ];
}
