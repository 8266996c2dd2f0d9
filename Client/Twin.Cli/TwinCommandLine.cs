using System.CommandLine;
using Twin.Cli.Api;
using Twin.Cli.Connections;
using Twin.Cli.Erp;
using Twin.Cli.Kpis;
using Twin.Cli.OpcUa;
using Twin.Cli.Twins;

namespace Twin.Cli;

/// <summary>
/// The <c>twin</c> root command and its groups: <c>twin opcua …</c> talks to OPC UA servers; the twin, ERP and
/// connection groups talk to a silo's REST API with the key in TWIN_API_KEY. Public so tests can run commands
/// in-process.
/// </summary>
public static class TwinCommandLine
{
    /// <summary>Exit code for a failed operation (unreachable server, rejected session or key, unknown twin, bad values).</summary>
    public const int Failed = 1;

    /// <summary>Exit code for wrong input on the command line (bad URL, bad node id, unknown option, missing key).</summary>
    public const int UsageError = 2;

    /// <summary>Builds the whole command tree; <paramref name="environment"/> defaults to the process's variables.</summary>
    public static RootCommand Create(CliEnvironment? environment = null)
    {
        environment ??= CliEnvironment.Process;
        var root = new RootCommand("twin: Twin digital-twin platform tool for plant engineers and operators.")
        {
            OpcUaCommands.Create(),
        };
        foreach (var group in TwinCommands.Create(environment))
        {
            root.Subcommands.Add(group);
        }

        root.Subcommands.Add(ErpCommands.Create(environment));
        root.Subcommands.Add(ConnectionCommands.Create(environment));
        root.Subcommands.Add(KpiCommands.Create(environment));
        return root;
    }

    /// <summary>
    /// Parses and runs <paramref name="args"/>. A command line that does not parse (unknown command or option, a
    /// missing argument, a value out of range) is one line on stderr and exit code 2, like every other usage error;
    /// System.CommandLine alone would print help and exit 1.
    /// </summary>
    public static Task<int> InvokeAsync(string[] args, InvocationConfiguration? configuration = null, CliEnvironment? environment = null, CancellationToken cancellationToken = default)
    {
        configuration ??= new InvocationConfiguration();
        var parse = Create(environment).Parse(args);
        if (parse.Errors.Count > 0)
        {
            // "twin machines lst" has two errors; the unknown word says more than the missing subcommand.
            var error = parse.Errors.FirstOrDefault(e => e.Message.StartsWith("Unrecognized", StringComparison.Ordinal)) ?? parse.Errors[0];
            configuration.Error.WriteLine($"{error.Message} (see: {string.Join(' ', Path(parse.CommandResult))} --help)");
            return Task.FromResult(UsageError);
        }

        return parse.InvokeAsync(configuration, cancellationToken);
    }

    private static IEnumerable<string> Path(System.CommandLine.Parsing.CommandResult result)
    {
        var names = new Stack<string>();
        for (var r = result; r is not null; r = r.Parent as System.CommandLine.Parsing.CommandResult)
        {
            names.Push(r.Command is RootCommand ? "twin" : r.Command.Name);
        }

        return names;
    }
}
