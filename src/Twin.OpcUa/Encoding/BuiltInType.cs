namespace Twin.OpcUa.Encoding;

/// <summary>The OPC UA built-in data types (Part 6 §5.1.2); the number is the Variant type id on the wire.</summary>
public enum BuiltInType : byte
{
    /// <summary>No value (a null Variant).</summary>
    Null = 0,
    /// <summary>true / false.</summary>
    Boolean = 1,
    /// <summary>Signed 8-bit integer.</summary>
    SByte = 2,
    /// <summary>Unsigned 8-bit integer.</summary>
    Byte = 3,
    /// <summary>Signed 16-bit integer.</summary>
    Int16 = 4,
    /// <summary>Unsigned 16-bit integer.</summary>
    UInt16 = 5,
    /// <summary>Signed 32-bit integer.</summary>
    Int32 = 6,
    /// <summary>Unsigned 32-bit integer.</summary>
    UInt32 = 7,
    /// <summary>Signed 64-bit integer.</summary>
    Int64 = 8,
    /// <summary>Unsigned 64-bit integer.</summary>
    UInt64 = 9,
    /// <summary>IEEE 754 single precision.</summary>
    Float = 10,
    /// <summary>IEEE 754 double precision.</summary>
    Double = 11,
    /// <summary>UTF-8 text.</summary>
    String = 12,
    /// <summary>UTC time stamp (100 ns ticks since 1601).</summary>
    DateTime = 13,
    /// <summary>Globally unique identifier.</summary>
    Guid = 14,
    /// <summary>Opaque bytes.</summary>
    ByteString = 15,
    /// <summary>XML fragment (carried as text).</summary>
    XmlElement = 16,
    /// <summary>Node identifier.</summary>
    NodeId = 17,
    /// <summary>Node identifier with namespace URI / server index.</summary>
    ExpandedNodeId = 18,
    /// <summary>Result code.</summary>
    StatusCode = 19,
    /// <summary>Namespace-qualified name.</summary>
    QualifiedName = 20,
    /// <summary>Text with locale.</summary>
    LocalizedText = 21,
    /// <summary>Structure carried as encoded bytes.</summary>
    ExtensionObject = 22,
    /// <summary>Value with status and time stamps.</summary>
    DataValue = 23,
    /// <summary>Nested Variant (only inside arrays).</summary>
    Variant = 24,
    /// <summary>Diagnostic details.</summary>
    DiagnosticInfo = 25,
}
