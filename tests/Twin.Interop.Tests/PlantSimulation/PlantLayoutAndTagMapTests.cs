using PlantSimulator.OpcUa;
using PlantSimulator.Simulation;
using PlantSimulator.TagMap;

namespace Twin.Interop.Tests.PlantSimulation;

public sealed class PlantLayoutAndTagMapTests
{
    [Fact]
    public void Default_plant_has_press_3_on_line_1_with_the_documented_node_ids()
    {
        var plant = Plant.Create(new PlantLayout(), seed: 1);
        var press3 = plant.Machines.Single(m => m.Id == "press-3");
        Assert.Equal("Line1.Press3", press3.Path);
        Assert.Equal("ns=2;s=Line1.Press3.GoodCount", PlantNodeIds.Variable(press3.Path, MachineSignal.GoodCount));
        Assert.Equal(
            ["press-1", "press-2", "press-3", "lathe-1", "press-4", "press-5", "press-6", "lathe-2"],
            plant.Machines.Select(m => m.Id));
    }

    [Fact]
    public void Machine_ids_and_paths_are_unique_in_a_large_plant()
    {
        var plant = Plant.Create(new PlantLayout { Lines = 50, MachinesPerLine = 40 }, seed: 1);
        Assert.Equal(2_000, plant.Machines.Count);
        Assert.Equal(2_000, plant.Machines.Select(m => m.Id).Distinct().Count());
        Assert.Equal(2_000, plant.Machines.Select(m => m.Path).Distinct().Count());
    }

    [Fact]
    public void Tag_map_has_every_signal_of_every_machine_and_survives_a_round_trip()
    {
        var layout = new PlantLayout { Lines = 3, MachinesPerLine = 7 };
        var document = TagMapGenerator.Create(layout, "opc.tcp://sim:4841/twin/plant", publishingIntervalMs: 500, samplingIntervalMs: 50);
        var connection = Assert.Single(document.Connections);
        Assert.Equal("opc.tcp://sim:4841/twin/plant", connection.EndpointUrl);
        Assert.Equal(21 * 7, connection.Tags.Count);
        Assert.Equal(connection.Tags.Count, connection.Tags.Select(t => t.NodeId).Distinct().Count());
        Assert.Contains(new TagMapEntry("ns=2;s=Line1.Press3.GoodCount", "press-3", "GoodCount"), connection.Tags);
        Assert.Contains(new TagMapEntry("ns=2;s=Line3.Welder3.WorkOrder", "welder-3", "WorkOrder"), connection.Tags);

        var json = TagMapGenerator.ToJson(document);
        Assert.Contains("\"nodeId\": \"ns=2;s=Line1.Press3.GoodCount\"", json, StringComparison.Ordinal);
        var back = TagMapGenerator.FromJson(json);
        Assert.Equal(document.Plant, back.Plant);
        Assert.Equal(connection.Tags, back.Connections[0].Tags);
    }

    [Fact]
    public void Checked_in_tag_map_matches_the_default_plant()
    {
        // The file ships beside the simulator; regenerate it with `PlantSimulator tag-map -o tagmap.plant-1.json`.
        var checkedIn = File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "tagmap.plant-1.json"));
        var expected = TagMapGenerator.ToJson(TagMapGenerator.Create(new PlantLayout(), "opc.tcp://localhost:4840/twin/plant"));
        Assert.Equal(expected, checkedIn);
    }
}
