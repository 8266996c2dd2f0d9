using Twin.OpcUa.Encoding;

namespace Twin.OpcUa.Services;

/// <summary>Which references Browse follows.</summary>
public enum BrowseDirection
{
    /// <summary>From the node to its targets (children).</summary>
    Forward = 0,
    /// <summary>From targets back to the node (parents).</summary>
    Inverse = 1,
    /// <summary>Both ways.</summary>
    Both = 2,
}

/// <summary>The view to browse in (default: the whole address space).</summary>
public sealed record ViewDescription
{
    /// <summary>View node id (null = whole address space).</summary>
    public NodeId ViewId { get; init; }
    /// <summary>Time stamp of the view version.</summary>
    public DateTime Timestamp { get; init; }
    /// <summary>View version.</summary>
    public uint ViewVersion { get; init; }

    /// <summary>Writes the view.</summary>
    public void Encode(BinaryEncoder e)
    {
        e.WriteNodeId(ViewId);
        e.WriteDateTime(Timestamp);
        e.WriteUInt32(ViewVersion);
    }

    /// <summary>Reads the view.</summary>
    public static ViewDescription Decode(ref BinaryDecoder d) => new() { ViewId = d.ReadNodeId(), Timestamp = d.ReadDateTime(), ViewVersion = d.ReadUInt32() };
}

/// <summary>What to browse from one node.</summary>
public sealed record BrowseDescription
{
    /// <summary>Node to browse.</summary>
    public NodeId NodeId { get; init; }
    /// <summary>Direction.</summary>
    public BrowseDirection BrowseDirection { get; init; }
    /// <summary>Reference type to follow (default HierarchicalReferences).</summary>
    public NodeId ReferenceTypeId { get; init; } = WellKnownNodes.HierarchicalReferences;
    /// <summary>Also follow subtypes of the reference type.</summary>
    public bool IncludeSubtypes { get; init; } = true;
    /// <summary>Node classes to return (0 = all).</summary>
    public uint NodeClassMask { get; init; }
    /// <summary>Fields to return (0x3F = all).</summary>
    public uint ResultMask { get; init; } = 0x3F;

    /// <summary>Writes the description.</summary>
    public void Encode(BinaryEncoder e)
    {
        e.WriteNodeId(NodeId);
        e.WriteInt32((int)BrowseDirection);
        e.WriteNodeId(ReferenceTypeId);
        e.WriteBoolean(IncludeSubtypes);
        e.WriteUInt32(NodeClassMask);
        e.WriteUInt32(ResultMask);
    }

    /// <summary>Reads the description.</summary>
    public static BrowseDescription Decode(ref BinaryDecoder d) => new()
    {
        NodeId = d.ReadNodeId(),
        BrowseDirection = (BrowseDirection)d.ReadInt32(),
        ReferenceTypeId = d.ReadNodeId(),
        IncludeSubtypes = d.ReadBoolean(),
        NodeClassMask = d.ReadUInt32(),
        ResultMask = d.ReadUInt32(),
    };
}

/// <summary>One reference found by Browse: a child (or parent) node.</summary>
public sealed record ReferenceDescription
{
    /// <summary>Reference type (e.g. Organizes, HasComponent).</summary>
    public NodeId ReferenceTypeId { get; init; }
    /// <summary>True for a forward reference.</summary>
    public bool IsForward { get; init; }
    /// <summary>The target node.</summary>
    public ExpandedNodeId NodeId { get; init; }
    /// <summary>Target's browse name.</summary>
    public QualifiedName BrowseName { get; init; }
    /// <summary>Target's display name.</summary>
    public LocalizedText DisplayName { get; init; }
    /// <summary>Target's node class.</summary>
    public NodeClass NodeClass { get; init; }
    /// <summary>Target's type definition.</summary>
    public ExpandedNodeId TypeDefinition { get; init; }

    /// <summary>Writes the reference.</summary>
    public void Encode(BinaryEncoder e)
    {
        e.WriteNodeId(ReferenceTypeId);
        e.WriteBoolean(IsForward);
        e.WriteExpandedNodeId(NodeId);
        e.WriteQualifiedName(BrowseName);
        e.WriteLocalizedText(DisplayName);
        e.WriteInt32((int)NodeClass);
        e.WriteExpandedNodeId(TypeDefinition);
    }

    /// <summary>Reads the reference.</summary>
    public static ReferenceDescription Decode(ref BinaryDecoder d) => new()
    {
        ReferenceTypeId = d.ReadNodeId(),
        IsForward = d.ReadBoolean(),
        NodeId = d.ReadExpandedNodeId(),
        BrowseName = d.ReadQualifiedName(),
        DisplayName = d.ReadLocalizedText(),
        NodeClass = (NodeClass)d.ReadInt32(),
        TypeDefinition = d.ReadExpandedNodeId(),
    };
}

/// <summary>Result of browsing one node.</summary>
public sealed record BrowseResult
{
    /// <summary>Status for this node.</summary>
    public StatusCode StatusCode { get; init; }
    /// <summary>Non-null when more references can be fetched with BrowseNext.</summary>
    public byte[]? ContinuationPoint { get; init; }
    /// <summary>References found.</summary>
    public IReadOnlyList<ReferenceDescription> References { get; init; } = [];

    /// <summary>Writes the result.</summary>
    public void Encode(BinaryEncoder e)
    {
        e.WriteStatusCode(StatusCode);
        e.WriteByteString(ContinuationPoint);
        e.WriteArray(References, static (x, r) => r.Encode(x));
    }

    /// <summary>Reads the result.</summary>
    public static BrowseResult Decode(ref BinaryDecoder d) => new()
    {
        StatusCode = d.ReadStatusCode(),
        ContinuationPoint = d.ReadByteString(),
        References = d.ReadArray<ReferenceDescription>(ReferenceDescription.Decode, 12) ?? [],
    };
}

/// <summary>Browse request (Part 4 §5.8.2).</summary>
public sealed record BrowseRequest : IServiceRequest
{
    /// <summary>DefaultBinary encoding id.</summary>
    public const uint EncodingId = 527;
    /// <inheritdoc/>
    public uint BinaryEncodingId => EncodingId;
    /// <inheritdoc/>
    public RequestHeader RequestHeader { get; init; } = new();
    /// <summary>View.</summary>
    public ViewDescription View { get; init; } = new();
    /// <summary>Most references per node before a continuation point (0 = server decides).</summary>
    public uint RequestedMaxReferencesPerNode { get; init; }
    /// <summary>Nodes to browse.</summary>
    public IReadOnlyList<BrowseDescription> NodesToBrowse { get; init; } = [];

    /// <inheritdoc/>
    public void Encode(BinaryEncoder e)
    {
        RequestHeader.Encode(e);
        View.Encode(e);
        e.WriteUInt32(RequestedMaxReferencesPerNode);
        e.WriteArray(NodesToBrowse, static (x, b) => b.Encode(x));
    }

    /// <summary>Reads the request.</summary>
    public static BrowseRequest Decode(ref BinaryDecoder d) => new()
    {
        RequestHeader = RequestHeader.Decode(ref d),
        View = ViewDescription.Decode(ref d),
        RequestedMaxReferencesPerNode = d.ReadUInt32(),
        NodesToBrowse = d.ReadArray<BrowseDescription>(BrowseDescription.Decode, 14) ?? [],
    };
}

/// <summary>Browse response (also the shape of BrowseNext's).</summary>
public sealed record BrowseResponse : IServiceResponse
{
    /// <summary>DefaultBinary encoding id.</summary>
    public const uint EncodingId = 530;
    /// <inheritdoc/>
    public uint BinaryEncodingId => EncodingId;
    /// <inheritdoc/>
    public ResponseHeader ResponseHeader { get; init; } = new();
    /// <summary>One result per node.</summary>
    public IReadOnlyList<BrowseResult> Results { get; init; } = [];
    /// <summary>Diagnostics.</summary>
    public IReadOnlyList<DiagnosticInfo?> DiagnosticInfos { get; init; } = [];

    /// <inheritdoc/>
    public void Encode(BinaryEncoder e)
    {
        ResponseHeader.Encode(e);
        e.WriteArray(Results, static (x, r) => r.Encode(x));
        e.WriteArray(DiagnosticInfos, static (x, s) => x.WriteDiagnosticInfo(s));
    }

    /// <summary>Reads the response.</summary>
    public static BrowseResponse Decode(ref BinaryDecoder d) => new()
    {
        ResponseHeader = ResponseHeader.Decode(ref d),
        Results = d.ReadArray<BrowseResult>(BrowseResult.Decode, 12) ?? [],
        DiagnosticInfos = d.ReadArray(static (ref BinaryDecoder x) => x.ReadDiagnosticInfo()) ?? [],
    };
}

/// <summary>BrowseNext request (Part 4 §5.8.3).</summary>
public sealed record BrowseNextRequest : IServiceRequest
{
    /// <summary>DefaultBinary encoding id.</summary>
    public const uint EncodingId = 533;
    /// <inheritdoc/>
    public uint BinaryEncodingId => EncodingId;
    /// <inheritdoc/>
    public RequestHeader RequestHeader { get; init; } = new();
    /// <summary>True to free the continuation points instead of continuing.</summary>
    public bool ReleaseContinuationPoints { get; init; }
    /// <summary>Continuation points from Browse.</summary>
    public IReadOnlyList<byte[]?> ContinuationPoints { get; init; } = [];

    /// <inheritdoc/>
    public void Encode(BinaryEncoder e)
    {
        RequestHeader.Encode(e);
        e.WriteBoolean(ReleaseContinuationPoints);
        e.WriteArray(ContinuationPoints, static (x, c) => x.WriteByteString(c));
    }

    /// <summary>Reads the request.</summary>
    public static BrowseNextRequest Decode(ref BinaryDecoder d) => new()
    {
        RequestHeader = RequestHeader.Decode(ref d),
        ReleaseContinuationPoints = d.ReadBoolean(),
        ContinuationPoints = d.ReadArray(static (ref BinaryDecoder x) => x.ReadByteString(), 4) ?? [],
    };
}

/// <summary>BrowseNext response.</summary>
public sealed record BrowseNextResponse : IServiceResponse
{
    /// <summary>DefaultBinary encoding id.</summary>
    public const uint EncodingId = 536;
    /// <inheritdoc/>
    public uint BinaryEncodingId => EncodingId;
    /// <inheritdoc/>
    public ResponseHeader ResponseHeader { get; init; } = new();
    /// <summary>One result per continuation point.</summary>
    public IReadOnlyList<BrowseResult> Results { get; init; } = [];
    /// <summary>Diagnostics.</summary>
    public IReadOnlyList<DiagnosticInfo?> DiagnosticInfos { get; init; } = [];

    /// <inheritdoc/>
    public void Encode(BinaryEncoder e)
    {
        ResponseHeader.Encode(e);
        e.WriteArray(Results, static (x, r) => r.Encode(x));
        e.WriteArray(DiagnosticInfos, static (x, s) => x.WriteDiagnosticInfo(s));
    }

    /// <summary>Reads the response.</summary>
    public static BrowseNextResponse Decode(ref BinaryDecoder d) => new()
    {
        ResponseHeader = ResponseHeader.Decode(ref d),
        Results = d.ReadArray<BrowseResult>(BrowseResult.Decode, 12) ?? [],
        DiagnosticInfos = d.ReadArray(static (ref BinaryDecoder x) => x.ReadDiagnosticInfo()) ?? [],
    };
}
