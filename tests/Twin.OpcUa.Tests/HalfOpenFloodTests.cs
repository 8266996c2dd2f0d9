using System.Net;
using System.Net.Sockets;
using Twin.OpcUa.Client;
using Twin.OpcUa.Server;

namespace Twin.OpcUa.Tests;

/// <summary>
/// A flood of connections that never send HEL (a port scanner, a broken device, an attacker) must not lock real
/// clients out of the server: they are bounded apart from established connections and the oldest are closed first.
/// </summary>
public sealed class HalfOpenFloodTests
{
    [Fact]
    public async Task A_real_client_connects_and_reads_while_500_half_open_sockets_are_held()
    {
        await using var server = await LoopbackServer.StartAsync();
        var flood = new List<Socket>();
        try
        {
            for (var i = 0; i < 500; i++)
            {
                var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
                await socket.ConnectAsync(IPAddress.Loopback, server.Port);
                flood.Add(socket);
            }

            await using var client = new OpcUaClient(LoopbackServer.ClientOptions(server));
            await client.ConnectAsync();
            var value = await client.ReadValueAsync(LoopbackServer.Temperature);

            Assert.Equal(20.5, value.Value.ToDouble());
            // No timing bound (the machine may be loaded): before the guard the client was refused outright
            // ("Too many connections") until the flood timed out.
            Assert.True(server.ConnectionCount <= server.Options.MaxPendingHandshakes + 1,
                $"{server.ConnectionCount} connections are held open; the handshake bound is {server.Options.MaxPendingHandshakes}");
        }
        finally
        {
            flood.ForEach(s => s.Dispose());
        }
    }

    [Fact]
    public async Task A_connection_that_never_sends_HEL_is_closed_after_the_handshake_timeout()
    {
        await using var server = await LoopbackServer.StartAsync(new OpcUaServerOptions { HandshakeTimeout = TimeSpan.FromMilliseconds(500) });
        using var silent = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        await silent.ConnectAsync(IPAddress.Loopback, server.Port);

        var buffer = new byte[64];
        using var deadline = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        var read = await silent.ReceiveAsync(buffer, deadline.Token); // 0 = the server closed it

        Assert.Equal(0, read);
        // The server forgets the connection right after closing it; allow it that moment.
        for (var i = 0; i < 100 && server.ConnectionCount > 0; i++)
        {
            await Task.Delay(20);
        }

        Assert.Equal(0, server.ConnectionCount);
    }
}
