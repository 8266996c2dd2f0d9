using System.Text;

namespace Twin.Domain.Ingest;

/// <summary>
/// Tag maps name signals as PLC people write them ("GoodCount"); the machine twin knows kebab-case names
/// ("good-count"). Both spellings are accepted and mapped to the twin's.
/// </summary>
public static class SignalNames
{
    /// <summary>The signals the machine twin gives a meaning to; every other name is kept as a live value.</summary>
    public static readonly IReadOnlyList<string> Known =
        [Machines.MachineTwin.GoodCounter, Machines.MachineTwin.ScrapCounter, Machines.MachineTwin.CycleCounter, Machines.MachineTwin.StatusSignal];

    /// <summary>
    /// The twin's name for a tag map's signal: kebab-case, and a known signal whatever its case or separators
    /// ("goodcount", "Scrapcount", "GOOD_COUNT" are good-count / scrap-count), so a spelling never silently turns a
    /// counter into a live value.
    /// </summary>
    public static string Normalize(string signal)
    {
        var kebab = Kebab(signal);
        var compact = Compact(kebab);
        foreach (var known in Known)
        {
            if (compact == Compact(known))
            {
                return known;
            }
        }

        return kebab;
    }

    /// <summary>A known signal the (normalized) name is probably a misspelling of, e.g. "good-cnt" → good-count; null if none.</summary>
    public static string? NearMiss(string normalized)
    {
        ArgumentNullException.ThrowIfNull(normalized);
        var compact = Compact(normalized);
        foreach (var known in Known)
        {
            var target = Compact(known);
            // Short names allow one slip only: "state" (a common live value) is two edits from "status".
            if (compact != target && EditDistance(compact, target) <= (target.Length <= 6 ? 1 : 2))
            {
                return known;
            }
        }

        return null;
    }

    private static string Compact(string kebab) => kebab.Replace("-", string.Empty, StringComparison.Ordinal);

    /// <summary>Levenshtein distance of two short names (signal names are a few dozen characters at most).</summary>
    private static int EditDistance(string a, string b)
    {
        if (Math.Abs(a.Length - b.Length) > 2)
        {
            return int.MaxValue;
        }

        var previous = new int[b.Length + 1];
        var current = new int[b.Length + 1];
        for (var j = 0; j <= b.Length; j++)
        {
            previous[j] = j;
        }

        for (var i = 1; i <= a.Length; i++)
        {
            current[0] = i;
            for (var j = 1; j <= b.Length; j++)
            {
                var substitution = previous[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1);
                current[j] = Math.Min(substitution, Math.Min(previous[j], current[j - 1]) + 1);
            }

            (previous, current) = (current, previous);
        }

        return previous[b.Length];
    }

    private static string Kebab(string signal)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(signal);
        var text = new StringBuilder(signal.Length + 4);
        for (var i = 0; i < signal.Length; i++)
        {
            var c = signal[i];
            if (c is '_' or ' ' or '.')
            {
                c = '-';
            }

            if (char.IsUpper(c))
            {
                if (i > 0 && text.Length > 0 && text[^1] != '-' && !char.IsUpper(signal[i - 1]))
                {
                    text.Append('-');
                }

                text.Append(char.ToLowerInvariant(c));
            }
            else
            {
                text.Append(c);
            }
        }

        return text.ToString();
    }
}
