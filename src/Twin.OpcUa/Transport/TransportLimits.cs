namespace Twin.OpcUa.Transport;

/// <summary>
/// UA TCP buffer and message limits offered in HEL/ACK (Part 6 §7.1.2). The negotiated values are
/// the smaller of both sides'; everything received is checked against them before allocation.
/// </summary>
public sealed record TransportLimits
{
    /// <summary>Defaults: 64 KiB chunks, 16 MiB messages, 4096 chunks.</summary>
    public static readonly TransportLimits Default = new();

    /// <summary>Largest chunk we accept (at least 8192).</summary>
    public int ReceiveBufferSize { get; init; } = 65536;
    /// <summary>Largest chunk we send (at least 8192).</summary>
    public int SendBufferSize { get; init; } = 65536;
    /// <summary>Largest message body we accept.</summary>
    public int MaxMessageSize { get; init; } = 16 * 1024 * 1024;
    /// <summary>Most chunks per message we accept.</summary>
    public int MaxChunkCount { get; init; } = 4096;

    internal void Validate()
    {
        if (ReceiveBufferSize < 8192 || SendBufferSize < 8192)
        {
            throw new ArgumentException($"UA TCP buffer sizes must be at least 8192 bytes (receive {ReceiveBufferSize}, send {SendBufferSize}).");
        }

        if (MaxMessageSize < 8192 || MaxChunkCount < 1)
        {
            throw new ArgumentException("MaxMessageSize must be at least 8192 and MaxChunkCount at least 1.");
        }
    }
}
