using Twin.OpcUa.Encoding;

namespace Twin.OpcUa.Services;

/// <summary>A structure that is sent as a whole message body: its type id followed by its fields.</summary>
public interface IEncodeableMessage
{
    /// <summary>The DefaultBinary encoding node id of the type (Part 6 Annex A / NodeIds.csv).</summary>
    uint BinaryEncodingId { get; }

    /// <summary>Writes the body (without the type id).</summary>
    void Encode(BinaryEncoder encoder);
}

/// <summary>A service request that can be written to the wire.</summary>
public interface IServiceRequest : IEncodeableMessage
{
    /// <summary>Common request parameters.</summary>
    RequestHeader RequestHeader { get; }
}

/// <summary>A service response that can be written to the wire.</summary>
public interface IServiceResponse : IEncodeableMessage
{
    /// <summary>Common response parameters.</summary>
    ResponseHeader ResponseHeader { get; }
}

/// <summary>Common parameters of every request (Part 4 §7.33).</summary>
public sealed record RequestHeader
{
    /// <summary>The session's authentication token from CreateSession (null before a session exists).</summary>
    public NodeId AuthenticationToken { get; init; }
    /// <summary>When the client sent the request.</summary>
    public DateTime Timestamp { get; init; }
    /// <summary>Client-chosen handle echoed in the response.</summary>
    public uint RequestHandle { get; init; }
    /// <summary>Which diagnostics the client wants.</summary>
    public uint ReturnDiagnostics { get; init; }
    /// <summary>Audit log entry id.</summary>
    public string? AuditEntryId { get; init; }
    /// <summary>How long the client waits, in milliseconds (0 = no timeout).</summary>
    public uint TimeoutHint { get; init; }
    /// <summary>Reserved for extensions.</summary>
    public ExtensionObject AdditionalHeader { get; init; }

    /// <summary>Writes the header.</summary>
    public void Encode(BinaryEncoder e)
    {
        e.WriteNodeId(AuthenticationToken);
        e.WriteDateTime(Timestamp);
        e.WriteUInt32(RequestHandle);
        e.WriteUInt32(ReturnDiagnostics);
        e.WriteString(AuditEntryId);
        e.WriteUInt32(TimeoutHint);
        e.WriteExtensionObject(AdditionalHeader);
    }

    /// <summary>Reads the header.</summary>
    public static RequestHeader Decode(ref BinaryDecoder d) => new()
    {
        AuthenticationToken = d.ReadNodeId(),
        Timestamp = d.ReadDateTime(),
        RequestHandle = d.ReadUInt32(),
        ReturnDiagnostics = d.ReadUInt32(),
        AuditEntryId = d.ReadString(),
        TimeoutHint = d.ReadUInt32(),
        AdditionalHeader = d.ReadExtensionObject(),
    };
}

/// <summary>Common parameters of every response (Part 4 §7.34).</summary>
public sealed record ResponseHeader
{
    /// <summary>When the server sent the response.</summary>
    public DateTime Timestamp { get; init; }
    /// <summary>The request's handle.</summary>
    public uint RequestHandle { get; init; }
    /// <summary>Result of the whole service call.</summary>
    public StatusCode ServiceResult { get; init; }
    /// <summary>Diagnostics for the service result.</summary>
    public DiagnosticInfo? ServiceDiagnostics { get; init; }
    /// <summary>Strings referenced by diagnostics.</summary>
    public IReadOnlyList<string?> StringTable { get; init; } = [];
    /// <summary>Reserved for extensions.</summary>
    public ExtensionObject AdditionalHeader { get; init; }

    /// <summary>A header answering <paramref name="request"/> with <paramref name="result"/>.</summary>
    public static ResponseHeader For(RequestHeader request, StatusCode result = default) =>
        new() { Timestamp = DateTime.UtcNow, RequestHandle = request.RequestHandle, ServiceResult = result };

    /// <summary>Writes the header.</summary>
    public void Encode(BinaryEncoder e)
    {
        e.WriteDateTime(Timestamp);
        e.WriteUInt32(RequestHandle);
        e.WriteStatusCode(ServiceResult);
        e.WriteDiagnosticInfo(ServiceDiagnostics);
        e.WriteArray(StringTable, static (x, s) => x.WriteString(s));
        e.WriteExtensionObject(AdditionalHeader);
    }

    /// <summary>Reads the header.</summary>
    public static ResponseHeader Decode(ref BinaryDecoder d) => new()
    {
        Timestamp = d.ReadDateTime(),
        RequestHandle = d.ReadUInt32(),
        ServiceResult = d.ReadStatusCode(),
        ServiceDiagnostics = d.ReadDiagnosticInfo(),
        StringTable = d.ReadArray(static (ref BinaryDecoder x) => x.ReadString(), 4) ?? [],
        AdditionalHeader = d.ReadExtensionObject(),
    };
}

/// <summary>The response a server sends when a whole service call fails (Part 4 §7.35).</summary>
public sealed record ServiceFault : IServiceResponse
{
    /// <summary>DefaultBinary encoding id.</summary>
    public const uint EncodingId = 397;
    /// <inheritdoc/>
    public uint BinaryEncodingId => EncodingId;
    /// <inheritdoc/>
    public ResponseHeader ResponseHeader { get; init; } = new();
    /// <inheritdoc/>
    public void Encode(BinaryEncoder encoder) => ResponseHeader.Encode(encoder);
    /// <summary>Reads the fault.</summary>
    public static ServiceFault Decode(ref BinaryDecoder d) => new() { ResponseHeader = ResponseHeader.Decode(ref d) };
}

/// <summary>Which time stamps a Read or monitored item returns.</summary>
public enum TimestampsToReturn
{
    /// <summary>Source time stamp only.</summary>
    Source = 0,
    /// <summary>Server time stamp only.</summary>
    Server = 1,
    /// <summary>Both time stamps.</summary>
    Both = 2,
    /// <summary>No time stamps.</summary>
    Neither = 3,
}

/// <summary>Node attribute ids (Part 6 Annex A.1).</summary>
public static class AttributeIds
{
    /// <summary>NodeId.</summary>
    public const uint NodeId = 1;
    /// <summary>NodeClass.</summary>
    public const uint NodeClass = 2;
    /// <summary>BrowseName.</summary>
    public const uint BrowseName = 3;
    /// <summary>DisplayName.</summary>
    public const uint DisplayName = 4;
    /// <summary>Description.</summary>
    public const uint Description = 5;
    /// <summary>WriteMask.</summary>
    public const uint WriteMask = 6;
    /// <summary>UserWriteMask.</summary>
    public const uint UserWriteMask = 7;
    /// <summary>EventNotifier.</summary>
    public const uint EventNotifier = 12;
    /// <summary>Value.</summary>
    public const uint Value = 13;
    /// <summary>DataType.</summary>
    public const uint DataType = 14;
    /// <summary>ValueRank.</summary>
    public const uint ValueRank = 15;
    /// <summary>ArrayDimensions.</summary>
    public const uint ArrayDimensions = 16;
    /// <summary>AccessLevel.</summary>
    public const uint AccessLevel = 17;
    /// <summary>UserAccessLevel.</summary>
    public const uint UserAccessLevel = 18;
    /// <summary>MinimumSamplingInterval.</summary>
    public const uint MinimumSamplingInterval = 19;
    /// <summary>Historizing.</summary>
    public const uint Historizing = 20;
}

/// <summary>Node classes (Part 3 §5.2).</summary>
[Flags]
public enum NodeClass
{
    /// <summary>Any node class (browse filter).</summary>
    Unspecified = 0,
    /// <summary>Object (e.g. a folder or a machine).</summary>
    Object = 1,
    /// <summary>Variable (a tag).</summary>
    Variable = 2,
    /// <summary>Method.</summary>
    Method = 4,
    /// <summary>Object type.</summary>
    ObjectType = 8,
    /// <summary>Variable type.</summary>
    VariableType = 16,
    /// <summary>Reference type.</summary>
    ReferenceType = 32,
    /// <summary>Data type.</summary>
    DataType = 64,
    /// <summary>View.</summary>
    View = 128,
}

/// <summary>Well-known node ids of namespace 0 used by Twin.</summary>
public static class WellKnownNodes
{
    /// <summary>Root folder.</summary>
    public static readonly NodeId RootFolder = new(84);
    /// <summary>Objects folder, where plant data lives.</summary>
    public static readonly NodeId ObjectsFolder = new(85);
    /// <summary>Types folder.</summary>
    public static readonly NodeId TypesFolder = new(86);
    /// <summary>Views folder.</summary>
    public static readonly NodeId ViewsFolder = new(87);
    /// <summary>Server object.</summary>
    public static readonly NodeId Server = new(2253);
    /// <summary>Server.ServerStatus.State (read as a connection keep-alive).</summary>
    public static readonly NodeId ServerStatusState = new(2259);
    /// <summary>Server.ServerStatus.CurrentTime.</summary>
    public static readonly NodeId ServerStatusCurrentTime = new(2258);
    /// <summary>Server.NamespaceArray.</summary>
    public static readonly NodeId NamespaceArray = new(2255);
    /// <summary>HierarchicalReferences reference type.</summary>
    public static readonly NodeId HierarchicalReferences = new(33);
    /// <summary>Organizes reference type.</summary>
    public static readonly NodeId Organizes = new(35);
    /// <summary>HasComponent reference type.</summary>
    public static readonly NodeId HasComponent = new(47);
    /// <summary>HasProperty reference type.</summary>
    public static readonly NodeId HasProperty = new(46);
    /// <summary>HasTypeDefinition reference type.</summary>
    public static readonly NodeId HasTypeDefinition = new(40);
    /// <summary>FolderType object type.</summary>
    public static readonly NodeId FolderType = new(61);
    /// <summary>BaseObjectType.</summary>
    public static readonly NodeId BaseObjectType = new(58);
    /// <summary>BaseDataVariableType variable type.</summary>
    public static readonly NodeId BaseDataVariableType = new(63);
    /// <summary>PropertyType variable type.</summary>
    public static readonly NodeId PropertyType = new(68);
    /// <summary>ServerType object type.</summary>
    public static readonly NodeId ServerType = new(2004);
}
