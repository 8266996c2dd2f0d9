using Twin.Contracts;

namespace Twin.Client;

/// <summary>
/// Decides whether a change concerns a twin: published by it, or naming it in the payload (a goods
/// receipt published by a location concerns the lot received, a consumption concerns the lot consumed).
/// The rule itself is <see cref="TwinEventSubjects"/>, shared with the REST change feed.
/// </summary>
public static class TwinChangeFilter
{
    /// <summary>True when <paramref name="change"/> concerns <paramref name="twinId"/> (always true for a null id).</summary>
    public static bool Concerns(TwinEvent change, string? twinId) => TwinEventSubjects.Concerns(change, twinId);
}
