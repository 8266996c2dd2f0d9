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

    public static Option<string[]> SecurityPolicy { get; } = new("--security-policy")
    {
        Description = "Security policies to offer: None, Basic256Sha256, Aes128_Sha256_RsaOaep, Aes256_Sha256_RsaPss or All (the three secured ones); repeat to offer several, e.g. --security-policy Basic256Sha256 --security-policy None.",
        DefaultValueFactory = _ => ["None"],
        AllowMultipleArgumentsPerToken = true,
        Validators =
        {
            r =>
            {
                foreach (var name in r.GetValueOrDefault<string[]>() ?? [])
                {
                    if (!string.Equals(name, "All", StringComparison.OrdinalIgnoreCase) && Twin.OpcUa.Security.SecurityPolicy.FindByName(name) is null)
                    {
                        r.AddError($"--security-policy '{name}' is unknown; use None, Basic256Sha256, Aes128_Sha256_RsaOaep, Aes256_Sha256_RsaPss or All.");
                    }
                }
            },
        },
    };

    public static Option<string> SecurityMode { get; } = new("--mode")
    {
        Description = "Message security mode of the secured policies: Sign, SignAndEncrypt or Both.",
        DefaultValueFactory = _ => "SignAndEncrypt",
        Validators = { r => { if (r.GetValueOrDefault<string>() is { } m && !new[] { "Sign", "SignAndEncrypt", "Both" }.Contains(m, StringComparer.OrdinalIgnoreCase)) { r.AddError($"--mode must be Sign, SignAndEncrypt or Both, not '{m}'."); } } },
    };

    public static Option<string> Pki { get; } = new("--pki")
    {
        Description = "PKI folder of the simulator (own certificate created on first start; trusted / issuers / rejected client certificates).",
        DefaultValueFactory = _ => Path.Combine(Environment.CurrentDirectory, "pki-simulator"),
    };

    public static Option<bool> AutoAccept { get; } = new("--auto-accept")
    {
        Description = "Trust every client certificate on first contact (development only; by default an unknown client is refused and stored in rejected/).",
    };

    /// <summary>The endpoints the server offers, as OpcUaServerOptions.SecurityEndpoints wants them ("None", "Basic256Sha256:Sign" …).</summary>
    public static IReadOnlyList<string> SecurityEndpoints(ParseResult parse)
    {
        var mode = parse.GetValue(SecurityMode)!;
        string[] modes = string.Equals(mode, "Both", StringComparison.OrdinalIgnoreCase) ? ["SignAndEncrypt", "Sign"] : [mode];
        var endpoints = new List<string>();
        foreach (var name in parse.GetValue(SecurityPolicy) ?? ["None"])
        {
            var policies = string.Equals(name, "All", StringComparison.OrdinalIgnoreCase)
                ? Twin.OpcUa.Security.SecurityPolicy.All.Where(p => !p.IsNone)
                : [Twin.OpcUa.Security.SecurityPolicy.FindByName(name)!];
            foreach (var policy in policies)
            {
                endpoints.AddRange(policy.IsNone ? ["None"] : modes.Select(m => $"{policy.Name}:{m}"));
            }
        }

        return endpoints.Distinct(StringComparer.OrdinalIgnoreCase).ToList();
    }

    /// <summary>True when only SecurityPolicy None is offered.</summary>
    public static bool OffersOnlyNone(ParseResult parse) => SecurityEndpoints(parse).All(e => string.Equals(e, "None", StringComparison.OrdinalIgnoreCase));

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
