namespace Twin.OpcUa.Encoding;

/// <summary>
/// A value with its quality and time stamps, as read or as delivered by a subscription.
/// A value type so a batch of notifications can be decoded into a reused array.
/// </summary>
public readonly record struct DataValue
{
    /// <summary>Creates a data value.</summary>
    public DataValue(Variant value, StatusCode status = default, DateTime sourceTimestamp = default, DateTime serverTimestamp = default)
    {
        Value = value;
        StatusCode = status;
        SourceTimestamp = sourceTimestamp;
        ServerTimestamp = serverTimestamp;
    }

    /// <summary>The value (Null when absent).</summary>
    public Variant Value { get; init; }
    /// <summary>Quality of the value (Good when absent on the wire).</summary>
    public StatusCode StatusCode { get; init; }
    /// <summary>When the device produced the value (UTC); <see cref="DateTime.MinValue"/> when absent.</summary>
    public DateTime SourceTimestamp { get; init; }
    /// <summary>Sub-100 ns part of the source time stamp in 10 ps units.</summary>
    public ushort SourcePicoseconds { get; init; }
    /// <summary>When the server saw the value (UTC); <see cref="DateTime.MinValue"/> when absent.</summary>
    public DateTime ServerTimestamp { get; init; }
    /// <summary>Sub-100 ns part of the server time stamp in 10 ps units.</summary>
    public ushort ServerPicoseconds { get; init; }

    /// <summary>Value, status and source time stamp in one line.</summary>
    public override string ToString() =>
        $"{Value} [{StatusCode}] {(SourceTimestamp == default ? "-" : SourceTimestamp.ToString("O", System.Globalization.CultureInfo.InvariantCulture))}";
}
