using System.CommandLine;
using Twin.Benchmarks.Harness;
using Twin.Benchmarks.Scenarios.Baseline;
using Twin.Benchmarks.Scenarios.PlantDirectory;
using Twin.Benchmarks.Scenarios.PlantScale;
using Twin.Benchmarks.Scenarios.Decoder;
using Twin.Benchmarks.Scenarios.ErpConnectors;
using Twin.Benchmarks.Scenarios.ErpE2e;
using Twin.Benchmarks.Scenarios.ErpSync;
using Twin.Benchmarks.Scenarios.Ingest;
using Twin.Benchmarks.Scenarios.OpcUaClient;
using Twin.Benchmarks.Scenarios.TwinScale;

// Twin benchmarks: `all` runs every scenario and writes results/<time>-all-full.json; `smoke` runs each for
// seconds so CI notices when one breaks (exit code 1 only then, never for a missed target).
IBenchmarkScenario[] scenarios =
[
    // First: its figures are the baselines every later Twin figure is printed beside (same run).
    new BaselineScenario(),
    new OpcUaClientScenario(),
    new DecoderScenario(),
    new IngestScenario(),
    new ErpSyncScenario(),
    new ErpConnectorsScenario(),
    new ErpE2eScenario(),
    new TwinScaleScenario(),
    new DirectoryScenario(),
    new PlantScaleScenario(),
];
var runner = new ScenarioRunner(scenarios);

var seconds = new Option<int?>("--seconds") { Description = "Measuring window per scenario (default 20 s; smoke: 2 s)", Recursive = true };
var minutes = new Option<double?>("--minutes") { Description = "Length of plant-scale (default 10 minutes; smoke: 20 s)", Recursive = true };
var plantProfile = new Option<string?>("--profile") { Description = "plant-scale: storage profile, embedded or postgres (default postgres, durable)", Recursive = true };
var twins = new Option<int?>("--twins") { Description = "Machine twins of twin-scale (default 100,000; smoke: 200); fewer for a quick look at the read figures", Recursive = true };
var profiles = new Option<string[]?>("--profiles") { Description = "Profiles of ingest (embedded, durable, off; default all three) and directory (embedded, durable) to run; for a quick look at one path", Recursive = true, AllowMultipleArgumentsPerToken = true };
var postingWindow = new Option<double?>("--posting-window") { Description = "erp-e2e: Erp:Posting:Window in seconds (default 0: one document per event; 60 is the product's default)", Recursive = true };
var pgStatements = new Option<bool>("--pg-statements") { Description = "erp-e2e, directory: load pg_stat_statements in the private PostgreSQL and print where its time goes in the measured window", Recursive = true };
var throughputOnly = new Option<bool>("--throughput-only") { Description = "erp-e2e: only the throughput window (no backlog levels, no drain): a quick before/after of the intake path", Recursive = true };
var smokeOne = new Option<bool>("--smoke") { Description = "Run the chosen scenario as the smoke runs it (seconds, small sizes, no results JSON)", Recursive = true };
var noSave = new Option<bool>("--no-save") { Description = "Do not write the results JSON", Recursive = true };
var root = new RootCommand("Twin benchmarks: figures measured side by side on this machine, judged against the targets of issue 6.");
root.Options.Add(seconds);
root.Options.Add(noSave);
root.Options.Add(minutes);
root.Options.Add(twins);
root.Options.Add(plantProfile);
root.Options.Add(profiles);
root.Options.Add(postingWindow);
root.Options.Add(pgStatements);
root.Options.Add(throughputOnly);
root.Options.Add(smokeOne);

Command Scenarios(string name, string description, Func<IReadOnlyList<IBenchmarkScenario>> pick, bool smoke)
{
    var command = new Command(name, description);
    command.SetAction((parse, token) =>
    {
        if (parse.GetValue(minutes) is { } m)
        {
            PlantScaleScenario.Minutes = m;
        }

        if (parse.GetValue(plantProfile) is { } pp)
        {
            PlantScaleScenario.Profile = PlantScaleProfileNames.Parse(pp);
        }

        if (parse.GetValue(twins) is { } t)
        {
            TwinScaleScenario.Twins = t > 1 ? t : throw new ArgumentOutOfRangeException(nameof(twins), t, "--twins needs at least 2 twins.");
        }

        if (parse.GetValue(profiles) is { Length: > 0 } p)
        {
            IngestScenario.Profiles = IngestProfileNames.Parse(p);
            DirectoryScenario.Profiles = IngestScenario.Profiles;
        }

        if (parse.GetValue(postingWindow) is { } w)
        {
            ErpE2eScenario.PostingWindow = w is >= 0 and <= 3600 ? TimeSpan.FromSeconds(w) : throw new ArgumentOutOfRangeException(nameof(postingWindow), w, "--posting-window is 0 to 3,600 seconds.");
        }

        ErpE2eScenario.ProfileStatements = parse.GetValue(pgStatements);
        DirectoryScenario.ProfileStatements = parse.GetValue(pgStatements);
        ErpE2eScenario.ThroughputOnly = parse.GetValue(throughputOnly);
        var asSmoke = smoke || parse.GetValue(smokeOne);
        var mode = asSmoke ? RunMode.Smoke() : RunMode.Full(parse.GetValue(seconds) is { } s ? TimeSpan.FromSeconds(s) : null);
        return runner.RunAsync(name, pick(), mode, save: !asSmoke && !parse.GetValue(noSave), token);
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
var securityOption = new Option<string>("--security") { Description = "None or Policy:Mode, e.g. Basic256Sha256:SignAndEncrypt.", DefaultValueFactory = _ => "None" };
clientLoad.Options.Add(securityOption);
clientLoad.SetAction((parse, _) => OurClientLoad.RunAsync(
    parse.GetValue(endpointArgument)!, parse.GetValue(countArgument), parse.GetValue(nsOption), parse.GetValue(prefixOption)!, parse.GetValue(intervalOption),
    parse.GetValue(securityOption)!));
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

// Internal: bare Orleans grain calls from an external client process (scenario baseline).
var bareReads = new Command("bare-reads", "Internal: call trivial grains of the baseline silo through the gateway and count (driven by the baseline scenario).")
{
    Hidden = true,
};
var bareGateway = new Argument<int>("gateway-port");
var bareGrains = new Argument<int>("grains");
var bareInFlight = new Argument<int>("in-flight");
bareReads.Arguments.Add(bareGateway);
bareReads.Arguments.Add(bareGrains);
bareReads.Arguments.Add(bareInFlight);
bareReads.SetAction((parse, _) => BareReadLoad.RunAsync(parse.GetValue(bareGateway), parse.GetValue(bareGrains), parse.GetValue(bareInFlight)));
root.Subcommands.Add(bareReads);

// Internal: the HTTP load generator of every REST figure and its minimal-API baseline.
var urlArgument = new Argument<string>("base-url");
var pathArgument = new Argument<string>("path-template");
var httpCountArgument = new Argument<int>("count");
var httpConnectionsArgument = new Argument<int>("connections");
var apiKeyOption = new Option<string>("--api-key") { DefaultValueFactory = _ => "" };
var httpLoad = new Command("http-load", "Internal: keep N HTTP connections busy with GETs of random ids and count (driven by twin-scale and baseline).")
{
    Hidden = true,
};
httpLoad.Arguments.Add(urlArgument);
httpLoad.Arguments.Add(pathArgument);
httpLoad.Arguments.Add(httpCountArgument);
httpLoad.Arguments.Add(httpConnectionsArgument);
httpLoad.Options.Add(apiKeyOption);
httpLoad.SetAction((parse, _) => HttpLoad.RunAsync(parse.GetValue(urlArgument)!, parse.GetValue(pathArgument)!, parse.GetValue(httpCountArgument),
    parse.GetValue(httpConnectionsArgument), parse.GetValue(apiKeyOption)));
root.Subcommands.Add(httpLoad);

return await root.Parse(args).InvokeAsync();
