using Twin.Contracts;

namespace Twin.Client;

/// <summary>Lot twins: stock status and holds, genealogy traces, split and merge.</summary>
public interface ILotTwins
{
    /// <summary>Lots of <paramref name="plant"/> not yet consumed.</summary>
    Task<IReadOnlyList<LotListing>> ListAsync(string plant, CancellationToken cancellationToken = default);

    /// <summary>
    /// One page of the lots of <paramref name="plant"/> not yet consumed, in id order: pass the previous page's <see cref="ListingPage{T}.Next"/> as
    /// <paramref name="after"/> (null for the first page); <paramref name="limit"/> is capped at <see cref="ListingPaging.MaxPageSize"/>.
    /// </summary>
    Task<ListingPage<LotListing>> ListPageAsync(string plant, string? after = null, int limit = ListingPaging.DefaultPageSize, CancellationToken cancellationToken = default);

    /// <summary>Lots of <paramref name="plant"/> on quality hold or blocked.</summary>
    Task<IReadOnlyList<LotListing>> ListOnHoldAsync(string plant, CancellationToken cancellationToken = default);

    /// <summary>
    /// One page of the lots of <paramref name="plant"/> on hold or blocked, in id order: pass the previous page's <see cref="ListingPage{T}.Next"/> as
    /// <paramref name="after"/> (null for the first page); <paramref name="limit"/> is capped at <see cref="ListingPaging.MaxPageSize"/>.
    /// </summary>
    Task<ListingPage<LotListing>> ListOnHoldPageAsync(string plant, string? after = null, int limit = ListingPaging.DefaultPageSize, CancellationToken cancellationToken = default);

    /// <summary>The lot's live state, or null if it never existed.</summary>
    Task<LotSnapshot?> GetAsync(string lotId, CancellationToken cancellationToken = default);

    /// <summary>The newest history entries, oldest first.</summary>
    Task<IReadOnlyList<HistoryEntry>> GetHistoryAsync(string lotId, int max = 100, CancellationToken cancellationToken = default);

    /// <summary>Backward (what went in) or forward (where it went) genealogy, up to <paramref name="maxDepth"/> levels.</summary>
    Task<LotTrace?> TraceAsync(string lotId, TraceDirection direction, int? maxDepth = null, CancellationToken cancellationToken = default);

    /// <summary>Puts the lot on quality hold (or blocks it with <see cref="StockStatus.Blocked"/>).</summary>
    Task<CommandResult> HoldAsync(string lotId, string reason, StockStatus holdStatus = StockStatus.QualityHold,
        TwinCommandOptions? options = null, CancellationToken cancellationToken = default);

    /// <summary>Releases a held or blocked lot to unrestricted stock.</summary>
    Task<CommandResult> ReleaseAsync(string lotId, string reason, TwinCommandOptions? options = null, CancellationToken cancellationToken = default);

    /// <summary>Splits <paramref name="quantity"/> of the lot's stock at <paramref name="locationId"/> into the new lot <paramref name="childLotId"/>.</summary>
    Task<CommandResult> SplitAsync(string lotId, string locationId, string childLotId, decimal quantity,
        TwinCommandOptions? options = null, CancellationToken cancellationToken = default);

    /// <summary>Merges all of the lot's stock at <paramref name="locationId"/> into <paramref name="targetLotId"/>.</summary>
    Task<CommandResult> MergeAsync(string lotId, string locationId, string targetLotId,
        TwinCommandOptions? options = null, CancellationToken cancellationToken = default);
}
