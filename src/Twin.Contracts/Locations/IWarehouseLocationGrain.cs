using Orleans.Concurrency;

namespace Twin.Contracts;

/// <summary>The live twin of one warehouse location; key = location id. Balances by item, lot and stock status.</summary>
public interface IWarehouseLocationGrain : IGrainWithStringKey
{
    /// <summary>Creates the location in a plant.</summary>
    Task<CommandResult> Create(CreateLocation command);

    /// <summary>Receives stock (goods receipt or work order output); creates or increases the lot twin.</summary>
    Task<CommandResult> Receive(ReceiveStock command);

    /// <summary>Issues stock; more than is there is rejected (insufficient-stock), held stock to production too (stock-on-hold).</summary>
    Task<CommandResult> Issue(IssueStock command);

    /// <summary>Moves stock to another location; never creates or loses stock, even on retry or a silo dying mid-move.</summary>
    Task<CommandResult> Move(MoveStock command);

    /// <summary>Splits part of a lot here into a new child lot.</summary>
    Task<CommandResult> Split(SplitLot command);

    /// <summary>Merges a lot's stock here into another lot.</summary>
    Task<CommandResult> Merge(MergeLots command);

    /// <summary>The live state, or null if never created.</summary>
    Task<LocationSnapshot?> GetSnapshot();

    /// <summary>The newest history entries, oldest first (at most <paramref name="max"/>).</summary>
    Task<IReadOnlyList<HistoryEntry>> GetHistory(int max = 100);

    /// <summary>Twin-to-twin: books an incoming transfer once per TransferId; interleaves so opposite moves never deadlock.</summary>
    [AlwaysInterleave]
    Task<CommandResult> AcceptTransfer(StockTransfer transfer);

    /// <summary>Twin-to-twin: re-books a lot's stock under its new status; answers how much of the lot the location holds.</summary>
    [AlwaysInterleave]
    Task<decimal> ApplyLotStatus(LotStatusUpdate update);

    /// <summary>Twin-to-twin: the location's plant, or null if never created; answered even while the location is busy.</summary>
    [AlwaysInterleave]
    Task<string?> GetPlant();

    /// <summary>Re-sends moves not yet confirmed by their destination (also done on activation and by reminder).</summary>
    Task<int> RedriveTransfers();
}
