using Twin.Domain.Ingest;

namespace Twin.Pipeline.Tests;

public sealed class PlantConfigurationTests
{
    private const string Valid = """
        {
          "plant": "plant-1",
          "connections": [
            {
              "name": "line-1",
              "endpointUrl": "opc.tcp://plc1:4840",
              "publishingIntervalMs": 250,
              "userName": "twin",
              "passwordVariable": "PLC1_PASSWORD",
              "tags": [
                { "nodeId": "ns=2;s=Line1.Press3.GoodCount", "machine": "press-3", "signal": "GoodCount" },
                { "nodeId": "ns=2;s=Line1.Press3.Status", "machine": "press-3", "signal": "status" }
              ]
            }
          ]
        }
        """;

    [Fact]
    public void A_valid_file_gives_the_plant_its_connections_and_tags()
    {
        var plant = PlantConfigurationLoader.Parse(Valid, "plant-1.json");

        var connection = Assert.Single(plant.Connections);
        Assert.Equal(("plant-1", "line-1", "opc.tcp://plc1:4840", 250, "twin", "PLC1_PASSWORD"),
            (plant.Plant, connection.Name, connection.EndpointUrl, connection.PublishingIntervalMs, connection.UserName, connection.PasswordVariable));
        Assert.Equal(2, connection.Tags.Count);
        // No securityPolicy: the ingest takes the strongest the server offers and refuses a None-only server.
        Assert.Equal((null, false), (connection.SecurityPolicy, connection.AllowSecurityNone));
        Assert.Equal("plant-1:line-1", IngestConnectionId.Of(plant.Plant, connection.Name));
        Assert.Equal("plant-1", IngestConnectionId.PlantOf("plant-1:line-1"));
    }

    [Fact]
    public void The_plant_simulators_checked_in_tag_map_is_a_valid_plant_configuration()
    {
        var path = Path.Combine(RepositoryRoot(), "samples", "PlantSimulator", "tagmap.plant-1.json");

        var plant = PlantConfigurationLoader.Load(path);

        Assert.Equal("plant-1", plant.Plant);
        Assert.All(plant.Connections, c => Assert.NotEmpty(c.Tags));
    }

    [Theory]
    [InlineData("{ \"plant\": \"plant-1\", \"connections\": [] }", "has no connections")]
    [InlineData("{ \"plant\": \"plant 1\", \"connections\": [] }", "plant id 'plant 1' contains ' '")]
    [InlineData("{ \"plant\": \"plant-1\", \"connections\": [ { \"name\": \"a\", \"endpointUrl\": \"http://plc\", \"tags\": [ { \"nodeId\": \"ns=2;s=X\", \"machine\": \"m\", \"signal\": \"s\" } ] } ] }", "is not an OPC UA address")]
    [InlineData("{ \"plant\": \"plant-1\", \"connections\": [ { \"name\": \"a\", \"endpointUrl\": \"opc.tcp://plc\", \"tags\": [ { \"nodeId\": \"ns=2;s=X\", \"machine\": \"m\", \"signal\": \"s\" }, { \"nodeId\": \"ns=2;s=X\", \"machine\": \"n\", \"signal\": \"s\" } ] } ] }", "is mapped twice")]
    [InlineData("{ \"plant\": \"plant-1\", \"connections\": [ { \"name\": \"a\", \"endpointUrl\": \"opc.tcp://plc\", \"password\": \"x\", \"tags\": [ { \"nodeId\": \"ns=2;s=X\", \"machine\": \"m\", \"signal\": \"s\" } ] } ] }", "has a password but no userName")]
    [InlineData("{ \"plant\": ", "is not valid JSON")]
    [InlineData("{ \"plant\": \"plant-1\", \"connections\": [ { \"name\": \"a\", \"endpointUrl\": \"opc.tcp://plc\", \"certificateKeySize\": 1024, \"tags\": [ { \"nodeId\": \"ns=2;s=X\", \"machine\": \"m\", \"signal\": \"s\" } ] } ] }", "certificateKeySize 1024 is not 2048, 3072 or 4096")]
    [InlineData("{ \"plant\": \"plant-1\", \"connections\": [ { \"name\": \"a\", \"endpointUrl\": \"opc.tcp://plc\", \"securityPolicy\": \"Basic128Rsa15\", \"tags\": [ { \"nodeId\": \"ns=2;s=X\", \"machine\": \"m\", \"signal\": \"s\" } ] } ] }", "securityPolicy 'Basic128Rsa15' is unknown; use Best, None")]
    public void A_wrong_file_is_refused_with_a_message_that_names_the_file_and_the_problem(string json, string expected)
    {
        var error = Assert.Throws<PlantConfigurationException>(() => PlantConfigurationLoader.Parse(json, "bad.json"));

        Assert.Contains("bad.json", error.Message, StringComparison.Ordinal);
        Assert.Contains(expected, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_missing_file_says_how_to_get_one()
    {
        var error = Assert.Throws<PlantConfigurationException>(() => PlantConfigurationLoader.Load("/nonexistent/plant.json"));

        Assert.Contains("does not exist", error.Message, StringComparison.Ordinal);
        Assert.Contains("Ingest:PlantFiles", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("GoodCount", "good-count")]
    [InlineData("good-count", "good-count")]
    [InlineData("Status", "status")]
    [InlineData("SpindleSpeed", "spindle-speed")]
    [InlineData("scrap_count", "scrap-count")]
    public void Signal_names_in_PLC_spelling_map_to_the_twins_names(string tag, string twin) =>
        Assert.Equal(twin, SignalNames.Normalize(tag));

    private static string RepositoryRoot()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "Twin.sln")))
        {
            dir = dir.Parent;
        }

        return dir?.FullName ?? throw new InvalidOperationException($"Twin.sln not found above {AppContext.BaseDirectory}.");
    }
}
