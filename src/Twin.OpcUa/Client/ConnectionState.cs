using Twin.OpcUa.Encoding;

namespace Twin.OpcUa.Client;

/// <summary>Where an <see cref="OpcUaClient"/> stands with its server.</summary>
public enum ConnectionState
{
    /// <summary>Not connected and not trying.</summary>
    Disconnected,
    /// <summary>First connection in progress.</summary>
    Connecting,
    /// <summary>Session active; data flows.</summary>
    Connected,
    /// <summary>The connection was lost; the client is reconnecting with backoff.</summary>
    Reconnecting,
    /// <summary>Disposed or disconnected on request; no more attempts.</summary>
    Closed,
}

/// <summary>A change of <see cref="ConnectionState"/>, with the reason ingest can show.</summary>
public sealed class ConnectionStateChangedEventArgs : EventArgs
{
    /// <summary>Creates the event arguments.</summary>
    public ConnectionStateChangedEventArgs(ConnectionState previous, ConnectionState current, string reason, StatusCode status, Exception? error)
    {
        Previous = previous;
        Current = current;
        Reason = reason;
        Status = status;
        Error = error;
    }

    /// <summary>State before the change.</summary>
    public ConnectionState Previous { get; }
    /// <summary>State now.</summary>
    public ConnectionState Current { get; }
    /// <summary>One-line explanation, e.g. "keep-alive timed out" or "session reactivated on a new channel".</summary>
    public string Reason { get; }
    /// <summary>Status code behind the change (Good when none).</summary>
    public StatusCode Status { get; }
    /// <summary>The error that caused the change, if any.</summary>
    public Exception? Error { get; }
}

/// <summary>Notification messages a subscription lost for good (the server no longer had them for Republish).</summary>
public sealed class NotificationGapEventArgs : EventArgs
{
    /// <summary>Creates the event arguments.</summary>
    public NotificationGapEventArgs(uint subscriptionId, uint firstMissingSequenceNumber, int missingMessageCount, int recoveredMessageCount, string reason)
    {
        SubscriptionId = subscriptionId;
        FirstMissingSequenceNumber = firstMissingSequenceNumber;
        MissingMessageCount = missingMessageCount;
        RecoveredMessageCount = recoveredMessageCount;
        Reason = reason;
    }

    /// <summary>The server's subscription id.</summary>
    public uint SubscriptionId { get; }
    /// <summary>First sequence number that is missing (0 when unknown).</summary>
    public uint FirstMissingSequenceNumber { get; }
    /// <summary>Notification messages lost; -1 when the size is unknown (the subscription had to be recreated).</summary>
    public int MissingMessageCount { get; }
    /// <summary>Messages of the same gap that Republish did recover.</summary>
    public int RecoveredMessageCount { get; }
    /// <summary>Why the gap happened.</summary>
    public string Reason { get; }
}
