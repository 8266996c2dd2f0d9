using System.CommandLine;
using Twin.Benchmarks.Harness;
using Twin.Benchmarks.Scenarios.Decoder;
using Twin.Benchmarks.Scenarios.ErpSync;
using Twin.Benchmarks.Scenarios.Ingest;
using Twin.Benchmarks.Scenarios.OpcUaClient;
using Twin.Benchmarks.Scenarios.TwinScale;

// Twin benchmarks: `all` runs every scenario and writes results/<time>-all-full.json; `smoke` runs each for
// seconds so CI notices when one breaks (exit code 1 only then, never for a missed target).
IBenchmarkScenario[] scenarios =
[
    new OpcUaClientScenario(),
    new DecoderScenario(),
    new IngestScenario(),
    new ErpSyncScenario(),
    new TwinScaleScenario(),
];
var runner = new ScenarioRunner(scenarios);

var seconds = new Option<int?>("--seconds") { Description = "Measuring window per scenario (default 20 s; smoke: 2 s)", Recursive = true };
var noSave = new Option<bool>("--no-save") { Description = "Do not write the results JSON", Recursive = true };
var root = new RootCommand("Twin benchmarks: figures measured side by side on this machine, judged against the targets of issue 6.");
root.Options.Add(seconds);
root.Options.Add(noSave);

Command Scenarios(string name, string description, Func<IReadOnlyList<IBenchmarkScenario>> pick, bool smoke)
{
    var command = new Command(name, description);
    command.SetAction((parse, token) =>
    {
        var mode = smoke ? RunMode.Smoke() : RunMode.Full(parse.GetValue(seconds) is { } s ? TimeSpan.FromSeconds(s) : null);
        return runner.RunAsync(name, pick(), mode, save: !smoke && !parse.GetValue(noSave), token);
    });
    return command;
}

root.Subcommands.Add(Scenarios("all", "Every scenario, full length; prints the table and writes the results JSON.", () => scenarios, smoke: false));
root.Subcommands.Add(Scenarios("smoke", "Every scenario for a few seconds; exits 1 only if one breaks.", () => scenarios, smoke: true));
foreach (var scenario in scenarios)
{
    root.Subcommands.Add(Scenarios(scenario.Name, scenario.Description, () => [scenario], smoke: false));
}

// Internal: our client as a separate process, measured from outside like node-opcua's (scenario opcua-client).
var endpointArgument = new Argument<string>("endpoint");
var countArgument = new Argument<int>("count");
var nsOption = new Option<ushort>("--ns") { DefaultValueFactory = _ => 1 };
var prefixOption = new Option<string>("--prefix") { DefaultValueFactory = _ => "Load." };
var intervalOption = new Option<int>("--interval") { DefaultValueFactory = _ => 100 };
var clientLoad = new Command("client-load", "Internal: subscribe with our OPC UA client and count notifications (driven by the opcua-client scenario).")
{
    Hidden = true,
};
clientLoad.Arguments.Add(endpointArgument);
clientLoad.Arguments.Add(countArgument);
clientLoad.Options.Add(nsOption);
clientLoad.Options.Add(prefixOption);
clientLoad.Options.Add(intervalOption);
clientLoad.SetAction((parse, _) => OurClientLoad.RunAsync(
    parse.GetValue(endpointArgument)!, parse.GetValue(countArgument), parse.GetValue(nsOption), parse.GetValue(prefixOption)!, parse.GetValue(intervalOption)));
root.Subcommands.Add(clientLoad);

// Internal: a plant app reading twins through the client SDK from its own process (scenario twin-scale).
var gatewayArgument = new Argument<int>("gateway-port");
var machinesArgument = new Argument<int>("machines");
var inFlightArgument = new Argument<int>("in-flight");
var sdkReads = new Command("sdk-reads", "Internal: read machine twins through the client SDK and count (driven by the twin-scale scenario).")
{
    Hidden = true,
};
sdkReads.Arguments.Add(gatewayArgument);
sdkReads.Arguments.Add(machinesArgument);
sdkReads.Arguments.Add(inFlightArgument);
sdkReads.SetAction((parse, _) => SdkReadLoad.RunAsync(parse.GetValue(gatewayArgument), parse.GetValue(machinesArgument), parse.GetValue(inFlightArgument)));
root.Subcommands.Add(sdkReads);

return await root.Parse(args).InvokeAsync();
