namespace Twin.Domain.Objectives;

/// <summary>Whether a workflow met its latency objective over a window.</summary>
public enum ObjectiveStatus
{
    /// <summary>Nothing was measured in the window.</summary>
    NoData,

    /// <summary>At least the target share of latencies was within the objective.</summary>
    Met,

    /// <summary>Fewer than the target share was within the objective.</summary>
    Missed,
}

/// <summary>The rule that turns a window's latencies into met or missed.</summary>
public static class ObjectiveVerdict
{
    /// <summary>
    /// Met when the share of latencies within the objective is at least <paramref name="target"/> (0.99: the 99th
    /// percentile is within the objective); no data when nothing was measured.
    /// </summary>
    public static ObjectiveStatus Of(LatencyHistogram window, double target)
    {
        ArgumentNullException.ThrowIfNull(window);
        if (window.Count == 0)
        {
            return ObjectiveStatus.NoData;
        }

        return Compliance(window) >= target ? ObjectiveStatus.Met : ObjectiveStatus.Missed;
    }

    /// <summary>Share of latencies within the objective (0–1), 1 when nothing was measured (nothing was late).</summary>
    public static double Compliance(LatencyHistogram window)
    {
        ArgumentNullException.ThrowIfNull(window);
        return window.Count == 0 ? 1 : (double)window.Met / window.Count;
    }

    /// <summary>The status as the REST API and the SDK name it: <c>no-data</c>, <c>met</c>, <c>missed</c>.</summary>
    public static string Name(ObjectiveStatus status) => status switch
    {
        ObjectiveStatus.Met => "met",
        ObjectiveStatus.Missed => "missed",
        _ => "no-data",
    };
}
