using System.CommandLine;
using PlantSimulator.Simulation;

namespace PlantSimulator;

/// <summary>The command-line options of the simulator, with their defaults and checks.</summary>
internal static class SimulatorOptions
{
    public static Option<int> Lines { get; } = Positive(new Option<int>("--lines") { Description = "Production lines.", DefaultValueFactory = _ => 2 });

    public static Option<int> Machines { get; } = Positive(new Option<int>("--machines") { Description = "Machines per line.", DefaultValueFactory = _ => 4 });

    public static Option<int> Seed { get; } = new("--seed") { Description = "Seed of the simulation: the same seed gives the same plant behaviour.", DefaultValueFactory = _ => 1 };

    public static Option<int> Rate { get; } = Positive(new Option<int>("--rate") { Description = "Tick interval in milliseconds: how often every machine's signals are updated.", DefaultValueFactory = _ => 250 });

    public static Option<double> TimeScale { get; } = new("--time-scale")
    {
        Description = "Simulated seconds per real second (e.g. 10 runs cycles, breakdowns and work orders ten times faster).",
        DefaultValueFactory = _ => 1.0,
        Validators = { r => { if (r.GetValueOrDefault<double>() is <= 0 or > 10_000) { r.AddError("--time-scale must be above 0 and at most 10000."); } } },
    };

    public static Option<uint> CounterStart { get; } = new("--counter-start")
    {
        Description = "Initial value of every good and scrap counter (start near 4294967295 to exercise counter rollover).",
        DefaultValueFactory = _ => 0u,
    };

    public static Option<int> Port { get; } = new("--port")
    {
        Description = "TCP port of the OPC UA endpoint (0 picks a free port).",
        DefaultValueFactory = _ => 4840,
        Validators = { r => { if (r.GetValueOrDefault<int>() is < 0 or > 65535) { r.AddError("--port must be 0..65535."); } } },
    };

    public static Option<string> Host { get; } = new("--host")
    {
        Description = "Host name put in the endpoint URL; the server listens only on that address (localhost = loopback) unless --listen says otherwise.",
        DefaultValueFactory = _ => "localhost",
    };

    public static Option<string?> Listen { get; } = new("--listen")
    {
        Description = "Address to listen on, e.g. 0.0.0.0 for every interface (default: the address of --host).",
        Validators = { r => { if (r.GetValueOrDefault<string?>() is { } a && !System.Net.IPAddress.TryParse(a, out _)) { r.AddError($"--listen must be an IP address such as 127.0.0.1 or 0.0.0.0, not '{a}'."); } } },
    };

    /// <summary>
    /// What the server binds: --listen when given, else the address --host names ("localhost" is loopback), so a
    /// simulator started for one interface is not reachable on the others.
    /// </summary>
    public static string ListenAddress(ParseResult parse)
    {
        if (parse.GetValue(Listen) is { } listen)
        {
            return listen;
        }

        var host = parse.GetValue(Host)!;
        if (System.Net.IPAddress.TryParse(host, out var ip))
        {
            return ip.ToString();
        }

        if (string.Equals(host, "localhost", StringComparison.OrdinalIgnoreCase))
        {
            return System.Net.IPAddress.Loopback.ToString();
        }

        var addresses = System.Net.Dns.GetHostAddresses(host);
        return (addresses.FirstOrDefault(a => a.AddressFamily == System.Net.Sockets.AddressFamily.InterNetwork) ?? addresses.First()).ToString();
    }

    public static Option<string> PlantId { get; } = new("--plant") { Description = "Plant id written into the tag map.", DefaultValueFactory = _ => "plant-1" };

    /// <summary>Builds the plant layout from parsed options.</summary>
    public static PlantLayout Layout(ParseResult parse) => new()
    {
        PlantId = parse.GetValue(PlantId)!,
        Lines = parse.GetValue(Lines),
        MachinesPerLine = parse.GetValue(Machines),
    };

    private static Option<int> Positive(Option<int> option)
    {
        option.Validators.Add(r =>
        {
            if (r.GetValueOrDefault<int>() <= 0)
            {
                r.AddError($"{option.Name} must be a positive number.");
            }
        });
        return option;
    }
}
