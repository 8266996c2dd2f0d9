using System.CommandLine;
using Twin.Benchmarks.Harness;
using Twin.Benchmarks.Scenarios.ErpSync;

// Twin benchmarks: `all` runs every scenario and writes results/<time>-all-full.json; `smoke` runs each for
// seconds so CI notices when one breaks (exit code 1 only then, never for a missed target).
IBenchmarkScenario[] scenarios =
[
    new ErpSyncScenario(),
];
var runner = new ScenarioRunner(scenarios);

var seconds = new Option<int?>("--seconds") { Description = "Measuring window per scenario (default 20 s; smoke: 2 s)" };
var noSave = new Option<bool>("--no-save") { Description = "Do not write the results JSON" };
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

return await root.Parse(args).InvokeAsync();
