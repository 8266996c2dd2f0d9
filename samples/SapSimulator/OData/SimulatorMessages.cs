namespace SapSimulator.OData;

/// <summary>
/// The simulator's message ids (class ZTWINSIM: made up for the simulator, not SAP's own numbers) and texts. Lock
/// texts say "locked" / "being processed" as SAP's do, which is what the connector recognises.
/// </summary>
public static class SimulatorMessages
{
    public const string OrderLocked = "ZTWINSIM/010";
    public const string MaterialLocked = "ZTWINSIM/011";
    public const string UnknownOrder = "ZTWINSIM/020";
    public const string OrderClosed = "ZTWINSIM/024";
    public const string UnknownMaterial = "ZTWINSIM/021";
    public const string UnknownPlant = "ZTWINSIM/022";
    public const string UnknownStorageLocation = "ZTWINSIM/023";
    public const string PeriodClosed = "ZTWINSIM/030";
    public const string BadQuantity = "ZTWINSIM/031";
    public const string StockDeficit = "ZTWINSIM/040";
    public const string BadRequest = "ZTWINSIM/090";
    public const string UnknownEntitySet = "ZTWINSIM/091";
    public const string QuantityWarning = "ZTWINSIM/100";
}
