using System.Net;
using System.Net.Sockets;

namespace Twin.Testing;

/// <summary>Free loopback TCP ports so parallel silos and test runs never collide.</summary>
public static class FreePorts
{
    public static int Next()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
