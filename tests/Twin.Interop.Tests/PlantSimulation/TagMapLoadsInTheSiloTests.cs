using PlantSimulator.Simulation;
using PlantSimulator.TagMap;
using Twin.Domain.Ingest;

namespace Twin.Interop.Tests.PlantSimulation;

/// <summary>The simulator's tag maps are read by the same loader the silo uses, so onboarding the demo plant cannot drift.</summary>
public sealed class TagMapLoadsInTheSiloTests
{
    [Fact]
    public void Checked_in_tag_map_loads_with_the_silo_plant_configuration_loader()
    {
        var plant = PlantConfigurationLoader.Load(Path.Combine(AppContext.BaseDirectory, "tagmap.plant-1.json"));

        Assert.Equal("plant-1", plant.Plant);
        var connection = Assert.Single(plant.Connections);
        Assert.Equal("opc.tcp://localhost:4840/twin/plant", connection.EndpointUrl);
        Assert.Equal(250, connection.PublishingIntervalMs);
        Assert.Equal(100, connection.SamplingIntervalMs);
        Assert.Equal(8 * 7, connection.Tags.Count);
        Assert.Contains(new TagConfiguration("ns=2;s=Line1.Press3.GoodCount", "press-3", "GoodCount"), connection.Tags);
    }

    [Fact]
    public void A_large_generated_tag_map_loads_with_the_silo_loader()
    {
        var document = TagMapGenerator.Create(new PlantLayout { Lines = 40, MachinesPerLine = 50 }, "opc.tcp://sim:4840/twin/plant");

        var plant = PlantConfigurationLoader.Parse(TagMapGenerator.ToJson(document), "generated");

        Assert.Equal(2_000 * 7, plant.Connections[0].Tags.Count);
        Assert.Equal(2_000, plant.Connections[0].Tags.Select(t => t.Machine).Distinct().Count());
    }
}
