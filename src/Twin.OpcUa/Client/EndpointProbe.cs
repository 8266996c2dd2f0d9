using System.Net.Sockets;
using Twin.OpcUa.Channel;

namespace Twin.OpcUa.Client;

/// <summary>
/// Tells whether an endpoint accepts TCP connections again, without starting an OPC UA handshake: the client
/// waits out a long reconnect backoff only while the server is really unreachable, and tries at once when it
/// answers (a PLC or gateway that restarts after 40 s is back in well under 2 s, not after the next 16-30 s step).
/// The probe connection is closed at once, so the server never holds a half-open handshake for it.
/// </summary>
internal static class EndpointProbe
{
    public static async Task<bool> AnswersAsync(EndpointAddress address, TimeSpan timeout, CancellationToken cancellationToken)
    {
        using var socket = new Socket(SocketType.Stream, ProtocolType.Tcp);
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        deadline.CancelAfter(timeout);
        try
        {
            await socket.ConnectAsync(address.Host, address.Port, deadline.Token).ConfigureAwait(false);
            return true;
        }
        catch (Exception ex) when (ex is SocketException || (ex is OperationCanceledException && !cancellationToken.IsCancellationRequested))
        {
            return false;
        }
    }
}
