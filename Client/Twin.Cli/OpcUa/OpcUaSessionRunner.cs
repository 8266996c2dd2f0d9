using System.CommandLine;
using Twin.OpcUa.Client;
using Twin.OpcUa.Encoding;

namespace Twin.Cli.OpcUa;

/// <summary>
/// Connects, runs one command's work and turns every way it can fail into one line on stderr and
/// a non-zero exit code: a wrong URL, nothing listening, something that is not an OPC UA server,
/// a rejected session, a service error.
/// </summary>
internal static class OpcUaSessionRunner
{
    public static async Task<int> RunAsync(
        ParseResult parse,
        ConnectionOptions connection,
        Func<OpcUaClient, TextWriter, TextWriter, CancellationToken, Task<int>> work,
        CancellationToken cancellationToken)
    {
        var output = parse.InvocationConfiguration.Output;
        var error = parse.InvocationConfiguration.Error;
        var endpoint = parse.GetValue(connection.Endpoint)!;
        OpcUaClient client;
        try
        {
            client = new OpcUaClient(connection.ClientOptions(parse));
        }
        catch (ArgumentException ex)
        {
            await error.WriteLineAsync($"Invalid endpoint or login: {WithoutParameterName(ex)}");
            return TwinCommandLine.UsageError;
        }

        await using (client)
        {
            try
            {
                await client.ConnectAsync(cancellationToken);
            }
            catch (ServiceResultException ex)
            {
                await error.WriteLineAsync($"Cannot open a session on {endpoint}: {ex.Message}");
                return TwinCommandLine.Failed;
            }
            catch (OpcUaProtocolException ex)
            {
                await error.WriteLineAsync($"{endpoint} answered, but not as an OPC UA server ({ex.Message}); check the port.");
                return TwinCommandLine.Failed;
            }
            catch (IOException ex)
            {
                await error.WriteLineAsync($"The connection to {endpoint} broke while opening the session: {ex.Message}");
                return TwinCommandLine.Failed;
            }

            try
            {
                return await work(client, output, error, cancellationToken);
            }
            catch (ServiceResultException ex)
            {
                await error.WriteLineAsync($"{endpoint}: {ex.Message}");
                return TwinCommandLine.Failed;
            }
        }
    }

    /// <summary>Parses node ids given on the command line; reports the first bad one in one line.</summary>
    public static bool TryParseNodeIds(IEnumerable<string> texts, TextWriter error, out List<NodeId> nodeIds)
    {
        nodeIds = [];
        foreach (var text in texts)
        {
            try
            {
                nodeIds.Add(NodeId.Parse(text));
            }
            catch (FormatException ex)
            {
                error.WriteLine(ex.Message);
                return false;
            }
        }

        return true;
    }

    private static string WithoutParameterName(ArgumentException ex) =>
        ex.ParamName is null ? ex.Message : ex.Message.Replace($" (Parameter '{ex.ParamName}')", string.Empty, StringComparison.Ordinal);
}
