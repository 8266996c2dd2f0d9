using Twin.OpcUa.Encoding;

namespace Twin.OpcUa.Services;

/// <summary>Which attribute of which node to read.</summary>
public sealed record ReadValueId
{
    /// <summary>The node.</summary>
    public NodeId NodeId { get; init; }
    /// <summary>The attribute (default Value).</summary>
    public uint AttributeId { get; init; } = AttributeIds.Value;
    /// <summary>Array slice, e.g. "1:3" (null = whole value).</summary>
    public string? IndexRange { get; init; }
    /// <summary>Data encoding (null = default).</summary>
    public QualifiedName DataEncoding { get; init; }

    /// <summary>Writes the id.</summary>
    public void Encode(BinaryEncoder e)
    {
        e.WriteNodeId(NodeId);
        e.WriteUInt32(AttributeId);
        e.WriteString(IndexRange);
        e.WriteQualifiedName(DataEncoding);
    }

    /// <summary>Reads the id.</summary>
    public static ReadValueId Decode(ref BinaryDecoder d) => new()
    {
        NodeId = d.ReadNodeId(),
        AttributeId = d.ReadUInt32(),
        IndexRange = d.ReadString(),
        DataEncoding = d.ReadQualifiedName(),
    };
}

/// <summary>Read request (Part 4 §5.10.2).</summary>
public sealed record ReadRequest : IServiceRequest
{
    /// <summary>DefaultBinary encoding id.</summary>
    public const uint EncodingId = 631;
    /// <inheritdoc/>
    public uint BinaryEncodingId => EncodingId;
    /// <inheritdoc/>
    public RequestHeader RequestHeader { get; init; } = new();
    /// <summary>Oldest cached value acceptable, in milliseconds (0 = read the device).</summary>
    public double MaxAge { get; init; }
    /// <summary>Time stamps wanted.</summary>
    public TimestampsToReturn TimestampsToReturn { get; init; } = TimestampsToReturn.Both;
    /// <summary>What to read.</summary>
    public IReadOnlyList<ReadValueId> NodesToRead { get; init; } = [];

    /// <inheritdoc/>
    public void Encode(BinaryEncoder e)
    {
        RequestHeader.Encode(e);
        e.WriteDouble(MaxAge);
        e.WriteInt32((int)TimestampsToReturn);
        e.WriteArray(NodesToRead, static (x, r) => r.Encode(x));
    }

    /// <summary>Reads the request.</summary>
    public static ReadRequest Decode(ref BinaryDecoder d) => new()
    {
        RequestHeader = RequestHeader.Decode(ref d),
        MaxAge = d.ReadDouble(),
        TimestampsToReturn = (TimestampsToReturn)d.ReadInt32(),
        NodesToRead = d.ReadArray<ReadValueId>(ReadValueId.Decode, 11) ?? [],
    };
}

/// <summary>Read response.</summary>
public sealed record ReadResponse : IServiceResponse
{
    /// <summary>DefaultBinary encoding id.</summary>
    public const uint EncodingId = 634;
    /// <inheritdoc/>
    public uint BinaryEncodingId => EncodingId;
    /// <inheritdoc/>
    public ResponseHeader ResponseHeader { get; init; } = new();
    /// <summary>One value per item read.</summary>
    public IReadOnlyList<DataValue> Results { get; init; } = [];
    /// <summary>Diagnostics.</summary>
    public IReadOnlyList<DiagnosticInfo?> DiagnosticInfos { get; init; } = [];

    /// <inheritdoc/>
    public void Encode(BinaryEncoder e)
    {
        ResponseHeader.Encode(e);
        e.WriteArray(Results, static (x, v) => x.WriteDataValue(v));
        e.WriteArray(DiagnosticInfos, static (x, s) => x.WriteDiagnosticInfo(s));
    }

    /// <summary>Reads the response.</summary>
    public static ReadResponse Decode(ref BinaryDecoder d) => new()
    {
        ResponseHeader = ResponseHeader.Decode(ref d),
        Results = d.ReadArray(static (ref BinaryDecoder x) => x.ReadDataValue()) ?? [],
        DiagnosticInfos = d.ReadArray(static (ref BinaryDecoder x) => x.ReadDiagnosticInfo()) ?? [],
    };
}

/// <summary>One value to write.</summary>
public sealed record WriteValue
{
    /// <summary>The node.</summary>
    public NodeId NodeId { get; init; }
    /// <summary>The attribute (default Value).</summary>
    public uint AttributeId { get; init; } = AttributeIds.Value;
    /// <summary>Array slice (null = whole value).</summary>
    public string? IndexRange { get; init; }
    /// <summary>The value (status and time stamps optional).</summary>
    public DataValue Value { get; init; }

    /// <summary>Writes the item.</summary>
    public void Encode(BinaryEncoder e)
    {
        e.WriteNodeId(NodeId);
        e.WriteUInt32(AttributeId);
        e.WriteString(IndexRange);
        e.WriteDataValue(Value);
    }

    /// <summary>Reads the item.</summary>
    public static WriteValue Decode(ref BinaryDecoder d) => new()
    {
        NodeId = d.ReadNodeId(),
        AttributeId = d.ReadUInt32(),
        IndexRange = d.ReadString(),
        Value = d.ReadDataValue(),
    };
}

/// <summary>Write request (Part 4 §5.10.4).</summary>
public sealed record WriteRequest : IServiceRequest
{
    /// <summary>DefaultBinary encoding id.</summary>
    public const uint EncodingId = 673;
    /// <inheritdoc/>
    public uint BinaryEncodingId => EncodingId;
    /// <inheritdoc/>
    public RequestHeader RequestHeader { get; init; } = new();
    /// <summary>What to write.</summary>
    public IReadOnlyList<WriteValue> NodesToWrite { get; init; } = [];

    /// <inheritdoc/>
    public void Encode(BinaryEncoder e)
    {
        RequestHeader.Encode(e);
        e.WriteArray(NodesToWrite, static (x, w) => w.Encode(x));
    }

    /// <summary>Reads the request.</summary>
    public static WriteRequest Decode(ref BinaryDecoder d) => new()
    {
        RequestHeader = RequestHeader.Decode(ref d),
        NodesToWrite = d.ReadArray<WriteValue>(WriteValue.Decode, 12) ?? [],
    };
}

/// <summary>Write response.</summary>
public sealed record WriteResponse : IServiceResponse
{
    /// <summary>DefaultBinary encoding id.</summary>
    public const uint EncodingId = 676;
    /// <inheritdoc/>
    public uint BinaryEncodingId => EncodingId;
    /// <inheritdoc/>
    public ResponseHeader ResponseHeader { get; init; } = new();
    /// <summary>One status per item written.</summary>
    public IReadOnlyList<StatusCode> Results { get; init; } = [];
    /// <summary>Diagnostics.</summary>
    public IReadOnlyList<DiagnosticInfo?> DiagnosticInfos { get; init; } = [];

    /// <inheritdoc/>
    public void Encode(BinaryEncoder e)
    {
        ResponseHeader.Encode(e);
        e.WriteArray(Results, static (x, s) => x.WriteStatusCode(s));
        e.WriteArray(DiagnosticInfos, static (x, s) => x.WriteDiagnosticInfo(s));
    }

    /// <summary>Reads the response.</summary>
    public static WriteResponse Decode(ref BinaryDecoder d) => new()
    {
        ResponseHeader = ResponseHeader.Decode(ref d),
        Results = d.ReadArray(static (ref BinaryDecoder x) => x.ReadStatusCode(), 4) ?? [],
        DiagnosticInfos = d.ReadArray(static (ref BinaryDecoder x) => x.ReadDiagnosticInfo()) ?? [],
    };
}
