using System.Text.Json;

namespace Twin.Cli.Output;

/// <summary>One column of a table: its heading and how a row's cell is made.</summary>
internal sealed record Column(string Heading, Func<JsonElement, string> Cell)
{
    /// <summary>A column showing one property of each row.</summary>
    public static Column Of(string heading, string property) => new(heading, row => Cells.Of(row, property));
}

/// <summary>Rows of JSON objects as an aligned plain-text table: a heading line, then one line per row.</summary>
internal static class Table
{
    private const string Gap = "  ";

    public static async Task WriteAsync(TextWriter output, IReadOnlyList<Column> columns, IEnumerable<JsonElement> rows, string indent = "")
    {
        var cells = rows.Select(row => columns.Select(c => c.Cell(row)).ToArray()).ToList();
        var widths = columns.Select((c, i) => cells.Select(r => r[i].Length).Append(c.Heading.Length).Max()).ToArray();
        await output.WriteLineAsync(Line(indent, columns.Select(c => c.Heading).ToArray(), widths));
        foreach (var row in cells)
        {
            await output.WriteLineAsync(Line(indent, row, widths));
        }
    }

    /// <summary>The columns of every scalar property the rows have, in first-seen order (for lists the CLI has no layout for).</summary>
    public static IReadOnlyList<Column> ColumnsOf(IEnumerable<JsonElement> rows) =>
        rows.Where(r => r.ValueKind == JsonValueKind.Object)
            .SelectMany(r => r.EnumerateObject())
            .Select(p => p.Name)
            .Distinct(StringComparer.Ordinal)
            .Select(name => Column.Of(name, name))
            .ToList();

    // The last column is not padded, so lines carry no trailing blanks.
    private static string Line(string indent, string[] cells, int[] widths) =>
        indent + string.Join(Gap, cells.Select((cell, i) => i == cells.Length - 1 ? cell : cell.PadRight(widths[i]))).TrimEnd();
}
