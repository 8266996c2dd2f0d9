using System.CommandLine;
using PlantSimulator;

// PlantSimulator: an OPC UA server (on Twin.OpcUa) that simulates a plant for demos and load tests.
var root = new RootCommand("Simulated plant: machines on lines with run, idle, down and setup cycles, served over OPC UA.")
{
    TagMapCommand.Create(),
};

return await root.Parse(args).InvokeAsync();
