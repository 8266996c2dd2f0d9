using System.Collections.Concurrent;

namespace Twin.Domain;

/// <summary>
/// One instance of the short texts many twins repeat (plant ids, work centres, status sentences): every twin read
/// from storage or built from a message otherwise holds its own copy. Bounded, because the texts come from outside:
/// past <see cref="Capacity"/> distinct texts a text is kept as it is (correct, only not shared).
/// </summary>
public static class SharedText
{
    public const int Capacity = 10_000;

    private static readonly ConcurrentDictionary<string, string> Pool = new(StringComparer.Ordinal);

    public static string Intern(string text)
    {
        if (Pool.TryGetValue(text, out var shared))
        {
            return shared;
        }
        return Pool.Count < Capacity ? Pool.GetOrAdd(text, text) : text;
    }

    public static string? InternOrNull(string? text) => text is null ? null : Intern(text);
}
