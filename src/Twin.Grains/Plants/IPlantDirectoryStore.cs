namespace Twin.Grains.Plants;

/// <summary>The lists of a plant directory. Stored as numbers: keep the values.</summary>
public enum ListingKind : short
{
    Machine = 1,
    WorkOrder = 2,
    Lot = 3,
    /// <summary>Lots on quality hold or blocked: a list of its own, so listing them does not scan every lot.</summary>
    LotOnHold = 4,
    Location = 5,
}

/// <summary>
/// One listing to store: the newest <paramref name="Version"/> of a twin's entry in one list.
/// <paramref name="Listing"/> null removes it from the list (a closed work order, a consumed lot) while
/// remembering the version, so a late, older update cannot bring it back.
/// </summary>
public readonly record struct DirectoryRow(ListingKind Kind, string Id, long Version, object? Listing);

/// <summary>A page of one list: listings in id order, and the id to continue after (null on the last page).</summary>
public sealed record DirectoryPage(IReadOnlyList<object> Items, string? Next);

/// <summary>
/// Where plant directories keep their listings: one row per (plant, list, twin id), written one row at a
/// time — never the whole directory — and read in pages by id (keyset paging). No Orleans here, so the
/// PostgreSQL and in-memory stores can be tested alone.
/// </summary>
public interface IPlantDirectoryStore
{
    /// <summary>
    /// Stores the rows of one plant in one round trip. A row whose version is not newer than the stored one is
    /// ignored, so applying the same rows twice, or an older row after a newer one, changes nothing.
    /// The rows must not repeat a (kind, id).
    /// </summary>
    Task UpsertAsync(string plant, IReadOnlyList<DirectoryRow> rows, CancellationToken cancellationToken = default);

    /// <summary>Up to <paramref name="limit"/> listed entries with an id after <paramref name="after"/> (ordinal), in id order.</summary>
    Task<DirectoryPage> PageAsync(string plant, ListingKind kind, string? after, int limit, CancellationToken cancellationToken = default);

    /// <summary>How many entries the list holds (removed ones not counted).</summary>
    Task<long> CountAsync(string plant, ListingKind kind, CancellationToken cancellationToken = default);
}
