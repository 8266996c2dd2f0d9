namespace Twin.OpcUa.Encoding;

/// <summary>
/// Raised when bytes from the peer break the OPC UA Binary rules or the negotiated limits.
/// The connection that carried them is closed; nothing else is affected.
/// </summary>
public sealed class OpcUaProtocolException : Exception
{
    /// <summary>Creates the exception with the status code that will be reported to the peer.</summary>
    public OpcUaProtocolException(StatusCode status, string message)
        : base($"{message} ({status})")
    {
        Status = status;
    }

    /// <summary>Why the message was rejected, e.g. BadDecodingError or BadEncodingLimitsExceeded.</summary>
    public StatusCode Status { get; }
}
