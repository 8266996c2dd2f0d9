using System.CommandLine;

namespace Twin.Cli.OpcUa;

/// <summary><c>twin opcua</c>: check an OPC UA endpoint and find node ids for a tag map.</summary>
internal static class OpcUaCommands
{
    public static Command Create() => new("opcua", "Browse, read and subscribe on any OPC UA server to check connectivity and find node ids for a tag map; show its endpoints; trust or reject certificates.")
    {
        BrowseCommand.Create(),
        ReadCommand.Create(),
        SubscribeCommand.Create(),
        EndpointsCommand.Create(),
        CertificatesCommand.Create(),
    };
}
