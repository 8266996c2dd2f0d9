using System.Globalization;

namespace Twin.OpcUa.Encoding;

/// <summary>How a <see cref="NodeId"/> identifies its node.</summary>
public enum NodeIdType : byte
{
    /// <summary>An unsigned number (i=).</summary>
    Numeric = 0,
    /// <summary>A string (s=).</summary>
    String = 1,
    /// <summary>A GUID (g=).</summary>
    Guid = 2,
    /// <summary>Opaque bytes (b=, base64).</summary>
    Opaque = 3,
}

/// <summary>
/// Identifies a node in a server's address space: namespace index plus a numeric, string, GUID or
/// opaque identifier. A value type so numeric ids (the common case on the wire) never allocate.
/// Text form follows the OPC UA convention: <c>i=85</c>, <c>ns=2;s=Line1.Press.Temperature</c>.
/// </summary>
public readonly struct NodeId : IEquatable<NodeId>
{
    private readonly uint _numeric;
    private readonly object? _identifier;

    /// <summary>The null node id (ns=0;i=0).</summary>
    public static readonly NodeId Null;

    /// <summary>A numeric node id.</summary>
    public NodeId(uint value, ushort namespaceIndex = 0)
    {
        NamespaceIndex = namespaceIndex;
        IdType = NodeIdType.Numeric;
        _numeric = value;
        _identifier = null;
    }

    /// <summary>A string node id.</summary>
    public NodeId(string value, ushort namespaceIndex)
    {
        ArgumentNullException.ThrowIfNull(value);
        NamespaceIndex = namespaceIndex;
        IdType = NodeIdType.String;
        _numeric = 0;
        _identifier = value;
    }

    /// <summary>A GUID node id.</summary>
    public NodeId(Guid value, ushort namespaceIndex)
    {
        NamespaceIndex = namespaceIndex;
        IdType = NodeIdType.Guid;
        _numeric = 0;
        _identifier = value;
    }

    /// <summary>An opaque node id.</summary>
    public NodeId(byte[] value, ushort namespaceIndex)
    {
        ArgumentNullException.ThrowIfNull(value);
        NamespaceIndex = namespaceIndex;
        IdType = NodeIdType.Opaque;
        _numeric = 0;
        _identifier = value;
    }

    /// <summary>Namespace index (0 is the OPC UA namespace).</summary>
    public ushort NamespaceIndex { get; }

    /// <summary>Kind of identifier.</summary>
    public NodeIdType IdType { get; }

    /// <summary>The numeric identifier (0 when the id is not numeric).</summary>
    public uint NumericIdentifier => _numeric;

    /// <summary>The identifier as an object: uint, string, Guid or byte[].</summary>
    public object Identifier => IdType == NodeIdType.Numeric ? _numeric : _identifier!;

    /// <summary>True for ns=0;i=0 (and the empty/null forms of the other id types).</summary>
    public bool IsNull => IdType switch
    {
        NodeIdType.Numeric => _numeric == 0 && NamespaceIndex == 0,
        NodeIdType.String => string.IsNullOrEmpty((string?)_identifier) && NamespaceIndex == 0,
        NodeIdType.Guid => (Guid)_identifier! == Guid.Empty && NamespaceIndex == 0,
        _ => ((byte[]?)_identifier)?.Length is null or 0 && NamespaceIndex == 0,
    };

    /// <summary>Parses the text form: <c>i=85</c>, <c>ns=2;s=Name</c>, <c>ns=1;g=…</c>, <c>ns=1;b=base64</c>.</summary>
    /// <exception cref="FormatException">The text is not a node id; the message says what was expected.</exception>
    public static NodeId Parse(string text)
    {
        if (!TryParse(text, out var id, out var error))
        {
            throw new FormatException($"'{text}' is not a node id: {error}. Use forms like 'i=85' or 'ns=2;s=Line1.Temperature'.");
        }

        return id;
    }

    /// <summary>Parses the text form without throwing.</summary>
    public static bool TryParse(string? text, out NodeId nodeId) => TryParse(text, out nodeId, out _);

    private static bool TryParse(string? text, out NodeId nodeId, out string error)
    {
        nodeId = Null;
        error = string.Empty;
        if (string.IsNullOrWhiteSpace(text))
        {
            error = "it is empty";
            return false;
        }

        var rest = text.AsSpan().Trim();
        ushort ns = 0;
        if (rest.StartsWith("ns=", StringComparison.Ordinal))
        {
            var semicolon = rest.IndexOf(';');
            if (semicolon < 0 || !ushort.TryParse(rest[3..semicolon], NumberStyles.None, CultureInfo.InvariantCulture, out ns))
            {
                error = "the namespace part must be 'ns=<0..65535>;'";
                return false;
            }

            rest = rest[(semicolon + 1)..];
        }

        if (rest.Length < 2 || rest[1] != '=')
        {
            error = "the identifier must start with i=, s=, g= or b=";
            return false;
        }

        var value = rest[2..];
        switch (rest[0])
        {
            case 'i':
                if (!uint.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var n))
                {
                    error = "i= needs an unsigned number";
                    return false;
                }

                nodeId = new NodeId(n, ns);
                return true;
            case 's':
                nodeId = new NodeId(value.ToString(), ns);
                return true;
            case 'g':
                if (!System.Guid.TryParse(value, out var g))
                {
                    error = "g= needs a GUID";
                    return false;
                }

                nodeId = new NodeId(g, ns);
                return true;
            case 'b':
                try
                {
                    nodeId = new NodeId(Convert.FromBase64String(value.ToString()), ns);
                    return true;
                }
                catch (FormatException)
                {
                    error = "b= needs base64 bytes";
                    return false;
                }

            default:
                error = "the identifier must start with i=, s=, g= or b=";
                return false;
        }
    }

    /// <inheritdoc/>
    public bool Equals(NodeId other)
    {
        if (NamespaceIndex != other.NamespaceIndex || IdType != other.IdType)
        {
            return false;
        }

        return IdType switch
        {
            NodeIdType.Numeric => _numeric == other._numeric,
            NodeIdType.String => string.Equals((string?)_identifier, (string?)other._identifier, StringComparison.Ordinal),
            NodeIdType.Guid => ((Guid)_identifier!).Equals((Guid)other._identifier!),
            _ => ((byte[])_identifier!).AsSpan().SequenceEqual((byte[])other._identifier!),
        };
    }

    /// <inheritdoc/>
    public override bool Equals(object? obj) => obj is NodeId other && Equals(other);

    /// <inheritdoc/>
    public override int GetHashCode() => IdType switch
    {
        NodeIdType.Numeric => HashCode.Combine(NamespaceIndex, _numeric),
        NodeIdType.String => HashCode.Combine(NamespaceIndex, string.GetHashCode((string)_identifier!, StringComparison.Ordinal)),
        NodeIdType.Guid => HashCode.Combine(NamespaceIndex, _identifier),
        _ => HashCode.Combine(NamespaceIndex, ((byte[])_identifier!).Length, ((byte[])_identifier!).FirstOrDefault()),
    };

    /// <summary>Compares two node ids.</summary>
    public static bool operator ==(NodeId left, NodeId right) => left.Equals(right);

    /// <summary>Compares two node ids.</summary>
    public static bool operator !=(NodeId left, NodeId right) => !left.Equals(right);

    /// <summary>A numeric id in namespace 0.</summary>
    public static implicit operator NodeId(uint value) => new(value);

    /// <summary>The text form, e.g. <c>ns=2;s=Line1.Temperature</c>.</summary>
    public override string ToString()
    {
        var prefix = NamespaceIndex == 0 ? string.Empty : $"ns={NamespaceIndex.ToString(CultureInfo.InvariantCulture)};";
        return IdType switch
        {
            NodeIdType.Numeric => $"{prefix}i={_numeric.ToString(CultureInfo.InvariantCulture)}",
            NodeIdType.String => $"{prefix}s={_identifier}",
            NodeIdType.Guid => $"{prefix}g={_identifier}",
            _ => $"{prefix}b={Convert.ToBase64String((byte[])_identifier!)}",
        };
    }
}
