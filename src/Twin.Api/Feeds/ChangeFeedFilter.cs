using Twin.Contracts;

namespace Twin.Api.Feeds;

/// <summary>
/// Which events one client wants: twin kinds, twin ids (an id matches events its twin published and events naming
/// it, <see cref="TwinEventSubjects"/>) and event types. An empty list lets everything through; lists combine with
/// "and", the values within one list with "or".
/// </summary>
internal sealed class ChangeFeedFilter(IReadOnlySet<TwinKind> kinds, IReadOnlyList<string> ids, IReadOnlySet<string> types)
{
    /// <summary>Everything of the plant.</summary>
    public static ChangeFeedFilter All { get; } = new(new HashSet<TwinKind>(), [], new HashSet<string>());

    public IReadOnlySet<TwinKind> Kinds { get; } = kinds;

    public IReadOnlyList<string> Ids { get; } = ids;

    public IReadOnlySet<string> Types { get; } = types;

    public bool Matches(FeedEntry entry)
    {
        if (Kinds.Count > 0 && !Kinds.Contains(entry.Event.SourceKind))
        {
            return false;
        }

        if (Types.Count > 0 && !Types.Contains(entry.Type))
        {
            return false;
        }

        if (Ids.Count == 0)
        {
            return true;
        }

        foreach (var id in Ids)
        {
            if (TwinEventSubjects.Concerns(entry.Event, id))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>
    /// The filter of a request: <c>kind</c>, <c>id</c> and <c>type</c>, each repeated or comma-separated. Returns the
    /// problem with the first unknown kind or type (a typo would otherwise be a feed that stays silent for ever).
    /// </summary>
    public static ChangeFeedFilter Parse(IEnumerable<string?> kinds, IEnumerable<string?> ids, IEnumerable<string?> types, string? twinId, out string? problem)
    {
        problem = null;
        var kindSet = new HashSet<TwinKind>();
        foreach (var name in Split(kinds))
        {
            var kind = Enum.GetValues<TwinKind>().Cast<TwinKind?>().FirstOrDefault(k => ChangeFeedEvent.KindName(k!.Value) == name);
            if (kind is null)
            {
                problem ??= $"kind '{name}' is not a twin kind; use machine, work-order, lot or location.";
                continue;
            }

            kindSet.Add(kind.Value);
        }

        var typeSet = new HashSet<string>(StringComparer.Ordinal);
        foreach (var name in Split(types))
        {
            if (!ChangeFeedEvent.EventTypes.Contains(name))
            {
                problem ??= $"type '{name}' is not an event type; the types are {string.Join(", ", ChangeFeedEvent.EventTypes)}.";
                continue;
            }

            typeSet.Add(name);
        }

        var idList = Split(ids).ToList();
        foreach (var id in idList)
        {
            problem ??= TwinIds.Problem(id, "id");
        }

        if (twinId is not null)
        {
            idList = [twinId]; // The per-twin feed: the twin in the path, whatever ?id= says.
        }

        return new ChangeFeedFilter(kindSet, idList, typeSet);
    }

    private static IEnumerable<string> Split(IEnumerable<string?> values) =>
        values.SelectMany(v => (v ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)).Distinct(StringComparer.Ordinal);
}
