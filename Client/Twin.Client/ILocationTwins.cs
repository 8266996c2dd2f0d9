using Twin.Contracts;

namespace Twin.Client;

/// <summary>Warehouse location twins: balances by item, lot and status; receive, issue, move.</summary>
public interface ILocationTwins
{
    /// <summary>All warehouse locations of <paramref name="plant"/>.</summary>
    Task<IReadOnlyList<LocationListing>> ListAsync(string plant, CancellationToken cancellationToken = default);

    /// <summary>
    /// One page of the locations of <paramref name="plant"/>, in id order: pass the previous page's <see cref="ListingPage{T}.Next"/> as
    /// <paramref name="after"/> (null for the first page); <paramref name="limit"/> is capped at <see cref="ListingPaging.MaxPageSize"/>.
    /// </summary>
    Task<ListingPage<LocationListing>> ListPageAsync(string plant, string? after = null, int limit = ListingPaging.DefaultPageSize, CancellationToken cancellationToken = default);

    /// <summary>The location's live state, or null if it was never created.</summary>
    Task<LocationSnapshot?> GetAsync(string locationId, CancellationToken cancellationToken = default);

    /// <summary>The newest history entries, oldest first.</summary>
    Task<IReadOnlyList<HistoryEntry>> GetHistoryAsync(string locationId, int max = 100, CancellationToken cancellationToken = default);

    /// <summary>Creates the location in <paramref name="plant"/>.</summary>
    Task<CommandResult> CreateAsync(string plant, string locationId, string name, TwinCommandOptions? options = null, CancellationToken cancellationToken = default);

    /// <summary>Goods receipt of a lot into the location.</summary>
    Task<CommandResult> ReceiveAsync(string locationId, string item, string lotId, decimal quantity, string unit,
        TwinCommandOptions? options = null, CancellationToken cancellationToken = default);

    /// <summary>Issues stock; more than is there, or held stock to production, is rejected.</summary>
    Task<CommandResult> IssueAsync(string locationId, string item, string lotId, decimal quantity, IssuePurpose purpose = IssuePurpose.Production,
        string? workOrderId = null, TwinCommandOptions? options = null, CancellationToken cancellationToken = default);

    /// <summary>Moves stock to another location of the plant; never creates or loses stock, also on retry.</summary>
    Task<CommandResult> MoveAsync(string locationId, string destinationLocationId, string item, string lotId, decimal quantity,
        TwinCommandOptions? options = null, CancellationToken cancellationToken = default);
}
