using System.CommandLine;
using PlantSimulator;

// PlantSimulator: an OPC UA server (on Twin.OpcUa) that simulates a plant for demos and load tests.
// Without a subcommand it serves the plant; `tag-map` writes the matching tag map.
var root = new RootCommand("Simulated plant: machines on lines with run, idle, down and setup cycles, served over OPC UA.")
{
    TagMapCommand.Create(),
};
RunCommand.AddTo(root);

return await root.Parse(args).InvokeAsync();
