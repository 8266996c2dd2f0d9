using System.Text.Json;

namespace Twin.Cli.Output;

/// <summary>
/// One twin (or any JSON object) for people: its plain fields as "name  value" lines (nested objects flattened to
/// "counters.good"), then each list as a titled table. Generic on purpose: a field the silo adds shows up without
/// a new CLI.
/// </summary>
internal static class ObjectView
{
    public static async Task WriteAsync(TextWriter output, JsonElement value)
    {
        if (value.ValueKind != JsonValueKind.Object)
        {
            await output.WriteLineAsync(Cells.Of(value));
            return;
        }

        var fields = new List<(string Name, string Text)>();
        var lists = new List<(string Name, JsonElement Rows)>();
        Collect(value, prefix: string.Empty, fields, lists);

        var width = fields.Count == 0 ? 0 : fields.Max(f => f.Name.Length);
        foreach (var (name, text) in fields)
        {
            await output.WriteLineAsync($"{name.PadRight(width)}  {text}");
        }

        foreach (var (name, rows) in lists)
        {
            await output.WriteLineAsync();
            await output.WriteLineAsync($"{name}:");
            var items = rows.EnumerateArray().ToList();
            await Table.WriteAsync(output, Table.ColumnsOf(items), items, indent: "  ");
        }
    }

    private static void Collect(JsonElement obj, string prefix, List<(string, string)> fields, List<(string, JsonElement)> lists)
    {
        foreach (var property in obj.EnumerateObject())
        {
            var name = prefix + property.Name;
            var value = property.Value;
            if (value.ValueKind == JsonValueKind.Object)
            {
                Collect(value, name + ".", fields, lists);
            }
            else if (value.ValueKind == JsonValueKind.Array && value.GetArrayLength() > 0 && value.EnumerateArray().All(v => v.ValueKind == JsonValueKind.Object))
            {
                lists.Add((name, value));
            }
            else
            {
                fields.Add((name, Cells.Of(value)));
            }
        }
    }
}
