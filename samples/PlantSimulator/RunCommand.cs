using System.CommandLine;
using System.Diagnostics;
using System.Globalization;
using PlantSimulator.OpcUa;
using PlantSimulator.Simulation;
using Twin.OpcUa.Server;

namespace PlantSimulator;

/// <summary>The default action: simulate the plant and serve it over OPC UA until stopped.</summary>
internal static class RunCommand
{
    private static readonly TimeSpan ReportEvery = TimeSpan.FromSeconds(10);

    public static void AddTo(RootCommand root)
    {
        root.Options.Add(SimulatorOptions.Lines);
        root.Options.Add(SimulatorOptions.Machines);
        root.Options.Add(SimulatorOptions.Seed);
        root.Options.Add(SimulatorOptions.Rate);
        root.Options.Add(SimulatorOptions.TimeScale);
        root.Options.Add(SimulatorOptions.CounterStart);
        root.Options.Add(SimulatorOptions.Port);
        root.Options.Add(SimulatorOptions.Host);
        root.Options.Add(SimulatorOptions.Listen);
        root.Options.Add(SimulatorOptions.PlantId);
        root.Options.Add(SimulatorOptions.SecurityPolicy);
        root.Options.Add(SimulatorOptions.SecurityMode);
        root.Options.Add(SimulatorOptions.Pki);
        root.Options.Add(SimulatorOptions.AutoAccept);
        root.SetAction(RunAsync);
    }

    private static async Task<int> RunAsync(ParseResult parse, CancellationToken cancellationToken)
    {
        var output = parse.InvocationConfiguration.Output;
        var error = parse.InvocationConfiguration.Error;
        var layout = SimulatorOptions.Layout(parse);
        var plant = Plant.Create(layout, parse.GetValue(SimulatorOptions.Seed), counterStart: parse.GetValue(SimulatorOptions.CounterStart));
        string listen;
        try
        {
            listen = SimulatorOptions.ListenAddress(parse);
        }
        catch (System.Net.Sockets.SocketException ex)
        {
            await error.WriteLineAsync($"Cannot find the address of --host {parse.GetValue(SimulatorOptions.Host)}: {ex.Message}. Give an IP address, or --listen 0.0.0.0 for every interface.");
            return 1;
        }

        var options = new OpcUaServerOptions
        {
            Port = parse.GetValue(SimulatorOptions.Port),
            ListenAddress = listen,
            HostName = parse.GetValue(SimulatorOptions.Host)!,
            EndpointPath = PlantEndpoint.Path,
            ApplicationName = "Twin PlantSimulator",
            ApplicationUri = "urn:twin:plant-simulator:server",
            ApplicationNamespace = "urn:twin:plant-simulator:server",
            SecurityEndpoints = SimulatorOptions.SecurityEndpoints(parse),
            // The folder is only made when something is secured (a None-only simulator needs no certificate).
            PkiFolder = SimulatorOptions.OffersOnlyNone(parse) ? null : parse.GetValue(SimulatorOptions.Pki),
            AutoAcceptUntrustedCertificates = parse.GetValue(SimulatorOptions.AutoAccept),
        };

        PlantServer server;
        try
        {
            server = await PlantServer.StartAsync(plant, options, cancellationToken);
        }
        catch (System.Net.Sockets.SocketException ex)
        {
            await error.WriteLineAsync($"Cannot listen on {options.ListenAddress} port {options.Port}: {ex.Message}. Pick another with --port (0 = any free port) or another --listen address.");
            return 1;
        }

        await using (server)
        {
            var tick = TimeSpan.FromMilliseconds(parse.GetValue(SimulatorOptions.Rate));
            var timeScale = parse.GetValue(SimulatorOptions.TimeScale);
            await error.WriteLineAsync(string.Create(CultureInfo.InvariantCulture,
                $"{layout.PlantId}: {layout.Lines} line(s) × {layout.MachinesPerLine} machine(s), {plant.Machines.Count * MachineSignals.Each.Count} variables, tick {tick.TotalMilliseconds} ms × {timeScale}, seed {parse.GetValue(SimulatorOptions.Seed)}"));
            await error.WriteLineAsync($"Security: {string.Join(", ", options.SecurityEndpoints)}" + (server.Server.ApplicationCertificate is { } certificate
                ? $"; certificate thumbprint {certificate.Thumbprint} in {options.PkiFolder} (clients trust it from their rejected folder)" : ""));
            // Tests and scripts wait for this line; it carries the endpoint with the real port.
            await output.WriteLineAsync($"READY {server.EndpointUrl}");
            await output.FlushAsync(cancellationToken);

            using var reporting = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            var report = ReportAsync(server, error, reporting.Token);
            await server.RunAsync(tick, timeScale, TimeProvider.System, cancellationToken);
            await reporting.CancelAsync();
            await report;
        }

        return 0;
    }

    /// <summary>A line every ten seconds with the change rate, so a load test can see what it is getting.</summary>
    private static async Task ReportAsync(PlantServer server, TextWriter error, CancellationToken cancellationToken)
    {
        var clock = Stopwatch.StartNew();
        var lastChanges = 0L;
        using var timer = new PeriodicTimer(ReportEvery);
        try
        {
            while (await timer.WaitForNextTickAsync(cancellationToken))
            {
                var changes = server.ValueChanges;
                var rate = (changes - lastChanges) / ReportEvery.TotalSeconds;
                lastChanges = changes;
                await error.WriteLineAsync(string.Create(CultureInfo.InvariantCulture,
                    $"{clock.Elapsed:hh\\:mm\\:ss} ticks {server.Ticks}, value changes {changes} ({rate:0}/s), sessions {server.Server.SessionCount}, subscriptions {server.Server.SubscriptionCount}"));
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // Simulator stopping.
        }
    }
}
