using System.Net;
using System.Net.Sockets;

namespace Twin.Benchmarks.Harness;

/// <summary>Loopback ports nobody listens on right now, so a benchmark never collides with a dev silo.</summary>
public static class FreePorts
{
    public static int Next()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
