using System.CommandLine;
using System.Text.Json;
using Twin.Cli.Api;
using Twin.Cli.Output;

namespace Twin.Cli.Kpis;

/// <summary>
/// <c>twin kpis</c>: the plant's integration KPIs (one line each: ok or attention, the figure, what is behind it) and
/// its latency objectives; <c>twin kpis objectives</c>: the objectives alone. Both read what the plant's KPI grain last
/// computed, so asking often costs the silo nothing. <c>--json</c> prints the silo's answer as it is.
/// </summary>
internal static class KpiCommands
{
    private static readonly IReadOnlyList<Column> KpiColumns =
    [
        Column.Of("KPI", "kpi"), Column.Of("STATE", "state"), Column.Of("VALUE", "value"), Column.Of("DETAIL", "detail"),
    ];

    private static readonly IReadOnlyList<Column> ObjectiveColumns =
    [
        Column.Of("WORKFLOW", "workflow"), Column.Of("STATE", "status"), new("OBJECTIVE", r => Seconds(r, "objectiveSeconds")),
        new("WITHIN", Within), Column.Of("COUNT", "count"), Column.Of("MISSED", "missed"),
        new("P50", r => Seconds(r, "p50Seconds")), new("P90", r => Seconds(r, "p90Seconds")), new("P99", r => Seconds(r, "p99Seconds")),
        new("MAX", r => Seconds(r, "maxSeconds")), new("WINDOW", r => Seconds(r, "windowSeconds")),
    ];

    public static Command Create(CliEnvironment environment)
    {
        var options = new ApiOptions(environment);
        var command = new Command("kpis", "The plant's integration KPIs (late confirmations, refused goods movements, stock mismatch, overdue holds, failed webhooks, degraded connections) and latency objectives.")
        {
            Objectives(environment),
        };
        options.AddTo(command);
        command.SetAction((parse, ct) => ApiCommandRunner.RunAsync(parse, options, async (api, token) =>
        {
            var kpis = (await api.Client.GetAsync(api.PlantPath("kpis"), token)).Body;
            if (api.Json)
            {
                await JsonOutput.WriteAsync(api.Output, kpis);
                return 0;
            }

            var rows = KpiLines.Of(kpis);
            var attention = rows.Count(r => r.State != KpiLines.Ok) + Objectives(kpis).Count(o => Cells.Of(o, "status") == "missed");
            await api.Output.WriteLineAsync($"Plant {api.Plant}: {(attention == 0 ? "all ok" : $"{attention} need attention")} (computed {Cells.Of(kpis, "computedAt")})");
            await api.Output.WriteLineAsync();
            await Table.WriteAsync(api.Output, KpiColumns, rows.Select(r => JsonSerializer.SerializeToElement(r, JsonSerializerOptions.Web)));
            await api.Output.WriteLineAsync();
            await Table.WriteAsync(api.Output, ObjectiveColumns, Objectives(kpis));
            return 0;
        }, ct));
        return command;
    }

    private static Command Objectives(CliEnvironment environment)
    {
        var options = new ApiOptions(environment);
        var command = new Command("objectives", "Each workflow's latency objective over the sliding window: met, missed or no-data, with percentiles.");
        options.AddTo(command);
        command.SetAction((parse, ct) => ApiCommandRunner.RunAsync(parse, options, async (api, token) =>
        {
            var objectives = (await api.Client.GetAsync(api.PlantPath("kpis/objectives"), token)).Body;
            await (api.Json
                ? JsonOutput.WriteAsync(api.Output, objectives)
                : Table.WriteAsync(api.Output, ObjectiveColumns, objectives.EnumerateArray()));
            return 0;
        }, ct));
        return command;
    }

    private static IEnumerable<JsonElement> Objectives(JsonElement kpis) =>
        kpis.TryGetProperty("objectives", out var list) && list.ValueKind == JsonValueKind.Array ? list.EnumerateArray() : [];

    private static string Within(JsonElement objective) =>
        objective.TryGetProperty("count", out var count) && count.GetInt64() > 0
            ? FormattableString.Invariant($"{Math.Floor(objective.GetProperty("compliance").GetDouble() * 1000) / 10:0.0} % of {objective.GetProperty("target").GetDouble() * 100:0.#} %")
            : "-";

    private static string Seconds(JsonElement row, string property) =>
        row.TryGetProperty(property, out var value) && value.ValueKind == JsonValueKind.Number
            ? KpiLines.Seconds(value.GetDouble())
            : "-";
}
