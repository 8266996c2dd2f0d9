using System.Text.Encodings.Web;
using System.Text.Json;
using PlantSimulator.OpcUa;
using PlantSimulator.Simulation;

namespace PlantSimulator.TagMap;

/// <summary>Writes the tag map that matches a simulated plant, so the silo can ingest it as-is.</summary>
public static class TagMapGenerator
{
    private static readonly JsonSerializerOptions Json = new()
    {
        WriteIndented = true,
        PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping, // keep ';' and '=' in node ids readable
        DefaultIgnoreCondition = System.Text.Json.Serialization.JsonIgnoreCondition.WhenWritingNull,
    };

    /// <summary>
    /// The tag map for <paramref name="layout"/> served at <paramref name="endpointUrl"/>; <paramref name="securityPolicy"/> is written
    /// as the connection's securityPolicy, null leaves it out (the silo then picks the best the simulator offers).
    /// </summary>
    public static TagMapDocument Create(PlantLayout layout, string endpointUrl, int publishingIntervalMs = 250, int samplingIntervalMs = 100, string? securityPolicy = "None")
    {
        var tags = new List<TagMapEntry>();
        foreach (var (line, kind, number) in layout.Machines())
        {
            var machineId = $"{kind.Name.ToLowerInvariant()}-{number}";
            var path = $"{line}.{kind.Name}{number}";
            tags.AddRange(MachineSignals.Each.Select(signal =>
                new TagMapEntry(PlantNodeIds.Variable(path, signal), machineId, signal.ToString())));
        }

        return new TagMapDocument(
            layout.PlantId,
            [new TagMapConnection("plant-simulator", endpointUrl, publishingIntervalMs, samplingIntervalMs, tags) { SecurityPolicy = securityPolicy }]);
    }

    public static string ToJson(TagMapDocument document) => JsonSerializer.Serialize(document, Json) + "\n";

    public static TagMapDocument FromJson(string json) =>
        JsonSerializer.Deserialize<TagMapDocument>(json, Json) ?? throw new JsonException("The tag map file is empty.");
}
