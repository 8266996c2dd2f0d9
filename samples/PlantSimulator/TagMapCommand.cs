using System.CommandLine;
using PlantSimulator.TagMap;

namespace PlantSimulator;

/// <summary><c>PlantSimulator tag-map</c>: writes the tag map that matches a simulated plant.</summary>
internal static class TagMapCommand
{
    private static readonly Option<string> Endpoint = new("--endpoint")
    {
        Description = "Endpoint URL written into the tag map (default: opc.tcp://<host>:<port>/twin/plant).",
    };

    private static readonly Option<FileInfo?> Output = new("--output", "-o") { Description = "File to write (default: standard output)." };

    private static readonly Option<int> PublishingInterval = new("--publishing-interval") { Description = "Publishing interval in ms.", DefaultValueFactory = _ => 250 };

    private static readonly Option<int> SamplingInterval = new("--sampling-interval") { Description = "Sampling interval in ms.", DefaultValueFactory = _ => 100 };

    public static Command Create()
    {
        var command = new Command("tag-map", "Write the tag-map JSON for the plant the same options would simulate.")
        {
            SimulatorOptions.Lines, SimulatorOptions.Machines, SimulatorOptions.Port, SimulatorOptions.Host, SimulatorOptions.PlantId,
            SimulatorOptions.SecurityPolicy, SimulatorOptions.SecurityMode,
            Endpoint, Output, PublishingInterval, SamplingInterval,
        };
        command.Aliases.Add("tagmap");
        command.SetAction(async (parse, cancellationToken) =>
        {
            var endpoint = parse.GetValue(Endpoint) ?? PlantEndpoint.Url(parse.GetValue(SimulatorOptions.Host)!, parse.GetValue(SimulatorOptions.Port));
            // A None-only simulator is written out as securityPolicy None (the explicit choice the silo wants);
            // a secured one is left to the silo's default, the strongest the simulator offers.
            var document = TagMapGenerator.Create(SimulatorOptions.Layout(parse), endpoint, parse.GetValue(PublishingInterval), parse.GetValue(SamplingInterval),
                SimulatorOptions.OffersOnlyNone(parse) ? "None" : null);
            var json = TagMapGenerator.ToJson(document);
            if (parse.GetValue(Output) is { } file)
            {
                await File.WriteAllTextAsync(file.FullName, json, cancellationToken);
                await Console.Error.WriteLineAsync($"Wrote {document.Connections.Sum(c => c.Tags.Count)} tags for {SimulatorOptions.Layout(parse).MachineCount} machines to {file.FullName}");
            }
            else
            {
                await Console.Out.WriteAsync(json);
            }

            return 0;
        });
        return command;
    }
}
