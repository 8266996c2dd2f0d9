using System.CommandLine;
using Twin.Cli.OpcUa;

namespace Twin.Cli;

/// <summary>
/// The <c>twin</c> root command and its groups (<c>twin opcua …</c>; twin queries and ERP dead
/// letters join here as further groups). Public so tests can run commands in-process.
/// </summary>
public static class TwinCommandLine
{
    /// <summary>Exit code for a failed operation (unreachable server, rejected session, bad values).</summary>
    public const int Failed = 1;

    /// <summary>Exit code for wrong input on the command line (bad URL, bad node id).</summary>
    public const int UsageError = 2;

    /// <summary>Builds the whole command tree.</summary>
    public static RootCommand Create()
    {
        var root = new RootCommand("twin: Twin digital-twin platform tool for plant engineers and operators.")
        {
            OpcUaCommands.Create(),
        };
        return root;
    }
}
