using Twin.OpcUa.Client;
using Twin.OpcUa.Encoding;
using Twin.OpcUa.Server;

namespace Twin.OpcUa.Tests;

/// <summary>Helpers to start our server on a free loopback port with a small plant address space.</summary>
internal static class LoopbackServer
{
    public static readonly TimeSpan Timeout = TimeSpan.FromSeconds(20);

    public static async Task<OpcUaServer> StartAsync(OpcUaServerOptions? options = null)
    {
        var server = new OpcUaServer((options ?? new OpcUaServerOptions()) with { Port = 0, ListenAddress = "127.0.0.1" });
        var space = server.AddressSpace;
        var line = new NodeId("Line1", 1);
        space.AddFolder(Services.WellKnownNodes.ObjectsFolder, line, "Line1");
        var press = new NodeId("Line1.Press", 1);
        space.AddObject(line, press, "Press");
        space.AddVariable(press, Temperature, "Temperature", new Variant(20.5), writable: true);
        space.AddVariable(press, Count, "PartCount", new Variant(0u), writable: true);
        space.AddVariable(press, new NodeId("Line1.Press.State", 1), "State", new Variant("Idle"));
        await server.StartAsync();
        return server;
    }

    public static readonly NodeId Temperature = new("Line1.Press.Temperature", 1);
    public static readonly NodeId Count = new("Line1.Press.PartCount", 1);

    public static OpcUaClientOptions ClientOptions(OpcUaServer server) => new()
    {
        EndpointUrl = server.EndpointUrl,
        RequestTimeout = TimeSpan.FromSeconds(5),
        KeepAliveInterval = TimeSpan.FromSeconds(1),
        KeepAliveTimeout = TimeSpan.FromSeconds(2),
        ReconnectMinDelay = TimeSpan.FromMilliseconds(50),
        ReconnectMaxDelay = TimeSpan.FromSeconds(1),
    };

    /// <summary>Waits for a signal, with a message that says what was awaited.</summary>
    public static async Task WaitAsync(Task task, string what)
    {
        try
        {
            await task.WaitAsync(Timeout);
        }
        catch (TimeoutException)
        {
            throw new TimeoutException($"Timed out after {Timeout.TotalSeconds} s waiting for {what}");
        }
    }

    /// <summary>Waits for a condition signalled by events, with a message that says what was awaited.</summary>
    public static async Task<T> WaitAsync<T>(Task<T> task, string what)
    {
        try
        {
            return await task.WaitAsync(Timeout);
        }
        catch (TimeoutException)
        {
            throw new TimeoutException($"Timed out after {Timeout.TotalSeconds} s waiting for {what}");
        }
    }
}
