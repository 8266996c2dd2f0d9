using System.Text.Json;

namespace Twin.EndToEnd.Tests.Harness;

/// <summary>Writes the plant configuration (tag map) the silo loads: Press3 of the node-opcua plant as machine twin "press-3".</summary>
internal static class PlantFile
{
    public static string Write(string folder, string plant, string endpointUrl)
    {
        var document = new
        {
            plant,
            connections = new[]
            {
                new
                {
                    name = "line-1",
                    endpointUrl,
                    securityPolicy = "None", // the test plant's node-opcua server is reached unsecured
                    publishingIntervalMs = 100,
                    samplingIntervalMs = 0,
                    tags = new[]
                    {
                        new { nodeId = "ns=2;s=Line1.Press3.GoodCount", machine = "press-3", signal = "GoodCount" },
                        new { nodeId = "ns=2;s=Line1.Press3.ScrapCount", machine = "press-3", signal = "ScrapCount" },
                        new { nodeId = "ns=2;s=Line1.Press3.Status", machine = "press-3", signal = "Status" },
                        new { nodeId = "ns=2;s=Line1.Press3.Temperature", machine = "press-3", signal = "Temperature" },
                    },
                },
            },
        };
        var path = Path.Combine(folder, $"{plant}.plant.json");
        File.WriteAllText(path, JsonSerializer.Serialize(document, TwinRest.Json));
        return path;
    }
}
