using System.Reflection;
using System.Text.Json.Serialization;

namespace Twin.Contracts;

/// <summary>
/// The names outside systems know events and twin kinds by (the change feed's <c>type</c>/<c>twinKind</c>, the
/// webhook filters): one list, so a feed filter and a webhook subscription accept the same words.
/// </summary>
public static class EventNames
{
    private static readonly Dictionary<Type, string> TypeNames = typeof(EventPayload)
        .GetCustomAttributes<JsonDerivedTypeAttribute>()
        .ToDictionary(a => a.DerivedType, a => (string)a.TypeDiscriminator!);

    /// <summary>Every event type, e.g. <c>goods-received</c>, in ordinal order.</summary>
    public static IReadOnlyCollection<string> EventTypes { get; } = [.. TypeNames.Values.Order(StringComparer.Ordinal)];

    /// <summary>Every twin kind name: machine, work-order, lot, location.</summary>
    public static IReadOnlyCollection<string> TwinKinds { get; } = [.. Enum.GetValues<TwinKind>().Select(KindName)];

    /// <summary>The event's type name (the payload's JSON type discriminator).</summary>
    public static string TypeOf(EventPayload payload) =>
        TypeNames.TryGetValue(payload.GetType(), out var name) ? name : payload.GetType().Name;

    /// <summary>The twin kind as outside systems name it: machine, work-order, lot, location.</summary>
    public static string KindName(TwinKind kind) => kind switch
    {
        TwinKind.Machine => "machine",
        TwinKind.WorkOrder => "work-order",
        TwinKind.Lot => "lot",
        TwinKind.Location => "location",
        _ => kind.ToString(),
    };
}
