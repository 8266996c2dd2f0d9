namespace Twin.OpcUa.Encoding;

/// <summary>How the body of an <see cref="ExtensionObject"/> is encoded.</summary>
public enum ExtensionObjectEncoding : byte
{
    /// <summary>No body.</summary>
    None = 0,
    /// <summary>OPC UA Binary body.</summary>
    Binary = 1,
    /// <summary>XML body.</summary>
    Xml = 2,
}

/// <summary>
/// A structure carried inside a Variant or a service message. Structures Twin does not know are
/// kept as their encoded bytes so nothing is lost when they are passed on.
/// </summary>
/// <param name="TypeId">The encoding node id (e.g. i=811 for DataChangeNotification binary).</param>
/// <param name="Encoding">Body encoding.</param>
/// <param name="Body">The encoded body bytes.</param>
public readonly record struct ExtensionObject(NodeId TypeId, ExtensionObjectEncoding Encoding, ReadOnlyMemory<byte> Body)
{
    /// <summary>True when there is no type and no body.</summary>
    public bool IsNull => TypeId.IsNull && Encoding == ExtensionObjectEncoding.None;

    /// <summary>Compares type, encoding and body bytes.</summary>
    public bool Equals(ExtensionObject other) =>
        TypeId == other.TypeId && Encoding == other.Encoding && Body.Span.SequenceEqual(other.Body.Span);

    /// <inheritdoc/>
    public override int GetHashCode() => HashCode.Combine(TypeId, Encoding, Body.Length);
}
