using System.Net;
using System.Net.Sockets;

namespace Twin.Api.Tests.Infrastructure;

/// <summary>Free loopback TCP ports for the silo and gateway (Orleans needs fixed numbers, not port 0).</summary>
internal static class FreePort
{
    public static int Next()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
