using System.Globalization;
using Twin.Domain.Machines;

namespace Twin.Domain.Ingest;

/// <summary>
/// What each number of a numeric status tag means, written in the plant file (<c>"statusMap": {"1": "Running",
/// "2": "Idle", "3": "Down"}</c>). PLC vendors number their machine states in their own ways; taking a number as
/// Twin's own state number would silently book the wrong status (a PLC's 3 = fault read as Setup), so a numeric or
/// enumerated status tag is only subscribed with a declared map, and every number is turned into its state name.
/// </summary>
public static class StatusMap
{
    /// <summary>The state names a map may use (Twin's machine states).</summary>
    public static IReadOnlyList<string> StateNames { get; } = Enum.GetNames<MachineState>();

    /// <summary>Null when <paramref name="map"/> is usable, otherwise what is wrong with it (in words).</summary>
    public static string? Problem(IReadOnlyDictionary<string, string> map)
    {
        ArgumentNullException.ThrowIfNull(map);
        if (map.Count == 0)
        {
            return "statusMap is empty; map each number the PLC sends to a state, e.g. {\"1\": \"Running\", \"2\": \"Idle\", \"3\": \"Down\"}";
        }

        foreach (var (number, state) in map)
        {
            if (!long.TryParse(number, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out _))
            {
                return $"statusMap key '{number}' is not a whole number; keys are the numbers the PLC sends";
            }

            if (State(state) is null)
            {
                return $"statusMap maps {number} to '{state}', which is not a machine state; use {string.Join(", ", StateNames)}";
            }
        }

        return null;
    }

    /// <summary>The map by number with Twin's spelling of each state; call after <see cref="Problem"/> found nothing.</summary>
    public static IReadOnlyDictionary<long, string> Parse(IReadOnlyDictionary<string, string> map)
    {
        ArgumentNullException.ThrowIfNull(map);
        return map.ToDictionary(
            p => long.Parse(p.Key, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture),
            p => State(p.Value) ?? throw new ArgumentException(Problem(map), nameof(map)));
    }

    private static string? State(string? name) =>
        name is not null && Enum.TryParse<MachineState>(name.Trim(), ignoreCase: true, out var state) && Enum.IsDefined(state) && !int.TryParse(name, out _)
            ? state.ToString()
            : null;
}
