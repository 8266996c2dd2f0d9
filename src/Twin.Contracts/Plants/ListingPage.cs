namespace Twin.Contracts;

/// <summary>
/// One page of a plant listing, in id order (ordinal). <see cref="Next"/> is the cursor for the following
/// page (pass it as <c>after</c>), or null on the last page. A cursor is the last id of the page, so paging
/// stays correct while twins are created or change: nothing listed before the cursor is repeated, and
/// what is created behind the cursor shows up on a later page.
/// </summary>
[GenerateSerializer, Immutable]
public sealed record ListingPage<T>(
    [property: Id(0)] IReadOnlyList<T> Items,
    [property: Id(1)] string? Next);

/// <summary>How many listings a plant directory holds, by list.</summary>
[GenerateSerializer, Immutable]
public sealed record PlantDirectoryCounts(
    [property: Id(0)] long Machines,
    [property: Id(1)] long OpenWorkOrders,
    [property: Id(2)] long Lots,
    [property: Id(3)] long LotsOnHold,
    [property: Id(4)] long Locations);

/// <summary>Page sizes of the plant listings.</summary>
public static class ListingPaging
{
    /// <summary>Page size when the caller gives none (REST).</summary>
    public const int DefaultPageSize = 1_000;

    /// <summary>Largest page a directory answers; larger requests are answered with this many.</summary>
    public const int MaxPageSize = 5_000;

    /// <summary>The page size a directory uses for a requested <paramref name="limit"/>.</summary>
    public static int Clamp(int limit) => limit < 1 ? DefaultPageSize : Math.Min(limit, MaxPageSize);
}
