using System.Globalization;
using System.Text.Json;
using Twin.Cli.Output;

namespace Twin.Cli.Kpis;

/// <summary>One KPI as a table line: its name, ok or attention, its figure and the figures behind it.</summary>
internal sealed record KpiLine(string Kpi, string State, string Value, string Detail);

/// <summary>
/// The KPI answer of <c>GET /api/plants/{plant}/kpis</c> as lines for people, the same reading as the plant view's KPI
/// table. A KPI the answer lacks (an older silo) is left out rather than shown as a guess.
/// </summary>
internal static class KpiLines
{
    public const string Ok = "ok";
    public const string Attention = "attention";

    public static IReadOnlyList<KpiLine> Of(JsonElement kpis)
    {
        var lines = new List<KpiLine>();
        Add(lines, kpis, "delayedConfirmations", "delayed confirmations", k => (AtLeast(k) + Cells.Of(k, "count"),
            $"queued longer than the ERP posting objective ({Seconds(Number(k, "objectiveSeconds"))})"));
        Add(lines, kpis, "unpostedGoodsMovements", "unposted goods movements", k => (AtLeast(k) + Cells.Of(k, "count"),
            $"{ByKind(k)}; dead letters of every kind {Cells.Of(k, "deadLettersAllKinds")}"));
        Add(lines, kpis, "inventoryMismatch", "inventory mismatch", k => (Cells.Of(k, "mismatchedLines"),
            $"{Cells.Of(k, "status")}{Reason(k)}; {Cells.Of(k, "unconfirmedLines")} unconfirmed, {Cells.Of(k, "locationsChecked")} locations checked, last run {Cells.Of(k, "lastRunCompletedAt")}"));
        Add(lines, kpis, "qualityHolds", "quality holds overdue", k => (Cells.Of(k, "overdue"),
            $"{Cells.Of(k, "onHold")} on hold, overdue after {Seconds(Number(k, "limitSeconds"))}{List(k, "overdueLots")}"));
        Add(lines, kpis, "webhookDeliveries", "failed webhook deliveries", k => (Cells.Of(k, "deadLetters"),
            $"{Cells.Of(k, "subscriptions")} subscriptions, {Cells.Of(k, "failingSubscriptions")} failing, {Cells.Of(k, "pending")} pending"));
        Add(lines, kpis, "connections", "degraded connections", k => (Count(k, "degraded"),
            $"{Cells.Of(k, "total")} connections: {Cells.Of(k, "withGaps")} with gaps, {Cells.Of(k, "withOverflow")} with overflow, {Cells.Of(k, "notConnected")} not connected{List(k, "degraded")}"));
        return lines;
    }

    /// <summary>A duration in seconds as people read it: 250 ms, 5 s, 1 min, 8 h.</summary>
    public static string Seconds(double? seconds) => seconds switch
    {
        null => "-",
        < 1 => FormattableString.Invariant($"{Math.Round(seconds.Value * 1000)} ms"),
        < 60 => FormattableString.Invariant($"{Math.Round(seconds.Value, 1)} s"),
        < 3600 => FormattableString.Invariant($"{Math.Round(seconds.Value / 60, 1)} min"),
        _ => FormattableString.Invariant($"{Math.Round(seconds.Value / 3600, 1)} h"),
    };

    private static void Add(List<KpiLine> lines, JsonElement kpis, string property, string name, Func<JsonElement, (string Value, string Detail)> describe)
    {
        if (kpis.ValueKind == JsonValueKind.Object && kpis.TryGetProperty(property, out var kpi) && kpi.ValueKind == JsonValueKind.Object)
        {
            var (value, detail) = describe(kpi);
            var ok = kpi.TryGetProperty("ok", out var flag) && flag.ValueKind == JsonValueKind.True;
            lines.Add(new KpiLine(name, ok ? Ok : Attention, value, detail));
        }
    }

    private static double? Number(JsonElement kpi, string property) =>
        kpi.TryGetProperty(property, out var value) && value.ValueKind == JsonValueKind.Number ? value.GetDouble() : null;

    // Capped: the queue was longer than the KPI reads, so the count is a lower bound.
    private static string AtLeast(JsonElement kpi) => kpi.TryGetProperty("capped", out var capped) && capped.ValueKind == JsonValueKind.True ? ">= " : "";

    private static string Reason(JsonElement kpi) => kpi.TryGetProperty("reason", out var reason) && reason.ValueKind == JsonValueKind.String ? $" ({reason.GetString()})" : "";

    private static string Count(JsonElement kpi, string property) =>
        kpi.TryGetProperty(property, out var list) && list.ValueKind == JsonValueKind.Array ? list.GetArrayLength().ToString(CultureInfo.InvariantCulture) : "-";

    private static string List(JsonElement kpi, string property) =>
        kpi.TryGetProperty(property, out var list) && list.ValueKind == JsonValueKind.Array && list.GetArrayLength() > 0 ? $": {Cells.Of(list)}" : "";

    private static string ByKind(JsonElement kpi)
    {
        if (!kpi.TryGetProperty("byKind", out var byKind) || byKind.ValueKind != JsonValueKind.Object)
        {
            return "-";
        }

        var kinds = byKind.EnumerateObject().Select(p => $"{p.Name} {Cells.Of(p.Value)}").ToList();
        return kinds.Count == 0 ? "none refused" : string.Join(", ", kinds);
    }
}
