using Twin.Contracts;

namespace Twin.Grains.Webhooks;

/// <summary>Whether an event goes to a subscription: its type, the publishing twin's kind, and the twins it concerns (all lists empty = everything).</summary>
internal static class WebhookFilter
{
    public static bool Matches(WebhookSpec spec, TwinEvent change)
    {
        if (spec.EventTypes.Count > 0 && !spec.EventTypes.Contains(EventNames.TypeOf(change.Payload), StringComparer.Ordinal))
        {
            return false;
        }

        if (spec.TwinKinds.Count > 0 && !spec.TwinKinds.Contains(EventNames.KindName(change.SourceKind), StringComparer.Ordinal))
        {
            return false;
        }

        return spec.TwinIds.Count == 0 || spec.TwinIds.Any(id => TwinEventSubjects.Concerns(change, id));
    }

    /// <summary>Why the spec's filters are refused (an unknown type or kind, an empty id), or null.</summary>
    public static string? Problem(WebhookSpec spec)
    {
        if (spec.EventTypes.FirstOrDefault(t => !EventNames.EventTypes.Contains(t)) is { } type)
        {
            return $"eventTypes: '{type}' is not an event type; the types are {string.Join(", ", EventNames.EventTypes)}.";
        }

        if (spec.TwinKinds.FirstOrDefault(k => !EventNames.TwinKinds.Contains(k)) is { } kind)
        {
            return $"twinKinds: '{kind}' is not a twin kind; the kinds are {string.Join(", ", EventNames.TwinKinds)}.";
        }

        if (spec.TwinIds.FirstOrDefault(id => TwinIds.Problem(id, "twin id") is not null) is { } bad)
        {
            return $"twinIds: {TwinIds.Problem(bad, "twin id")}";
        }

        return spec.EventTypes.Count + spec.TwinKinds.Count + spec.TwinIds.Count > 1_000 ? "the filters name more than 1000 values." : null;
    }
}
