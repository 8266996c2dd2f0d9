using Orleans.Concurrency;

namespace Twin.Contracts;

/// <summary>
/// The live twin of one lot; key = lot id. Lots are created by goods receipts and work order output
/// (through <see cref="IWarehouseLocationGrain"/>), split and merged at a location; the methods marked
/// twin-to-twin are called by other twins, not by plant apps.
/// </summary>
public interface ILotGrain : IGrainWithStringKey
{
    /// <summary>Puts the lot on quality hold (or blocks it) with reason and user; every location holding it follows.</summary>
    Task<CommandResult> PlaceOnHold(PlaceLotOnHold command);

    /// <summary>Releases a held or blocked lot to unrestricted, with reason and user.</summary>
    Task<CommandResult> Release(ReleaseLot command);

    /// <summary>The live state, or null if never created.</summary>
    Task<LotSnapshot?> GetSnapshot();

    /// <summary>Backward or forward genealogy across levels, bounded by maxDepth (null = configured default; capped).</summary>
    Task<LotTrace?> Trace(TraceDirection direction, int? maxDepth = null);

    /// <summary>The newest history entries, oldest first (at most <paramref name="max"/>).</summary>
    Task<IReadOnlyList<HistoryEntry>> GetHistory(int max = 100);

    /// <summary>Twin-to-twin: quantity entered the lot; creates it if new.</summary>
    Task<CommandResult> RecordInflow(LotInflow inflow);

    /// <summary>Twin-to-twin: quantity left the lot.</summary>
    Task<CommandResult> RecordOutflow(LotOutflow outflow);

    /// <summary>Twin-to-twin: records that this lot went into other lots.</summary>
    Task<CommandResult> LinkChildren(LotChildLinks links);

    /// <summary>Twin-to-twin: a location now holds stock of this lot; returns the status it must book it under.</summary>
    Task<LotStatusInfo?> NoteStoredAt(string locationId);

    /// <summary>Twin-to-twin: current status, answered even while the lot is busy (read only).</summary>
    [AlwaysInterleave]
    Task<LotStatusInfo?> GetStatus();

    /// <summary>Twin-to-twin: one level of genealogy, answered even while the lot is busy (read only).</summary>
    [AlwaysInterleave]
    Task<LotLinks?> GetLinks();
}
