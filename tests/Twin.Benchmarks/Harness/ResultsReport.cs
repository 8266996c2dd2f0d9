using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace Twin.Benchmarks.Harness;

/// <summary>The table printed at the end and the JSON written beside it.</summary>
public sealed record ResultsReport(
    DateTimeOffset StartedAt,
    string Command,
    string Mode,
    string LoadAverageAtStart,
    MachineDescription Machine,
    IReadOnlyList<Figure> Figures,
    IReadOnlyList<ScenarioFailure> Failures)
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web)
    {
        WriteIndented = true,
        Converters = { new JsonStringEnumConverter() },
        NumberHandling = JsonNumberHandling.AllowNamedFloatingPointLiterals,
    };

    public string ToTable()
    {
        var rows = Figures.Select(f => new[]
        {
            f.Scenario,
            f.Name,
            $"{Format(f.Value)} {f.Unit}",
            f.Target is { } t ? $"{(f.Kind == TargetKind.AtLeast ? ">=" : "<=")} {Format(t)} {f.Unit}" : "-",
            f.Met switch { true => "yes", false => "NO", null => "" },
            f.Baseline is { } b ? $"{Format(b)} {f.Unit} ({f.BaselineName})" : "",
            f.Ratio is { } r ? $"{r * 100:0.#} %" : "",
            f.Note ?? "",
        }).ToList();
        var header = new[] { "scenario", "figure", "measured", "target", "met?", "baseline (same run)", "ratio", "note" };
        var widths = header.Select((h, i) => Math.Max(h.Length, rows.Count == 0 ? 0 : rows.Max(r => r[i].Length))).ToArray();
        var text = new StringBuilder();
        void Line(string[] cells) => text.AppendLine("| " + string.Join(" | ", cells.Select((c, i) => c.PadRight(widths[i]))) + " |");
        Line(header);
        text.AppendLine("|" + string.Join("|", widths.Select(w => new string('-', w + 2))) + "|");
        rows.ForEach(Line);
        foreach (var failure in Failures)
        {
            text.AppendLine(CultureInfo.InvariantCulture, $"FAILED {failure.Scenario}: {failure.Error}");
        }

        return text.ToString();
    }

    public string Save(string directory)
    {
        Directory.CreateDirectory(directory);
        var name = $"{StartedAt.UtcDateTime:yyyyMMdd-HHmmss}-{Command}-{Mode}.json";
        var path = Path.Combine(directory, name);
        File.WriteAllText(path, JsonSerializer.Serialize(this, Json) + "\n");
        return path;
    }

    private static string Format(double value) => Math.Abs(value) switch
    {
        >= 1000 => value.ToString("N0", CultureInfo.InvariantCulture),
        >= 10 => value.ToString("0.#", CultureInfo.InvariantCulture),
        _ => value.ToString("0.###", CultureInfo.InvariantCulture),
    };
}

/// <summary>A scenario that broke (threw), as opposed to one that missed its target.</summary>
public sealed record ScenarioFailure(string Scenario, string Error);
