namespace Twin.OpcUa.Encoding;

/// <summary>A name qualified by a namespace index, used for BrowseNames.</summary>
/// <param name="NamespaceIndex">Namespace of the name.</param>
/// <param name="Name">The name text (may be null on the wire).</param>
public readonly record struct QualifiedName(ushort NamespaceIndex, string? Name)
{
    /// <summary>Text form <c>2:Temperature</c> (index omitted for namespace 0).</summary>
    public override string ToString() => NamespaceIndex == 0 ? Name ?? string.Empty : $"{NamespaceIndex}:{Name}";
}
