using System.Net;
using System.Net.Sockets;

namespace Twin.Interop.Tests.Peers;

/// <summary>Asks the operating system for a loopback port nobody listens on right now.</summary>
internal static class FreeTcpPort
{
    public static int Next()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
