using System.Buffers.Binary;
using System.Diagnostics.CodeAnalysis;
using System.Runtime.CompilerServices;

namespace Twin.OpcUa.Encoding;

/// <summary>
/// Reads OPC UA Binary from a span without copying. Every length and count is checked against the
/// <see cref="DecodingLimits"/> and the bytes actually left before anything is allocated; any
/// violation raises <see cref="OpcUaProtocolException"/> with BadDecodingError or BadEncodingLimitsExceeded.
/// </summary>
public ref struct BinaryDecoder
{
    private readonly ReadOnlySpan<byte> _data;
    private readonly DecodingLimits _limits;
    private int _position;
    private int _depth;

    /// <summary>Creates a decoder over <paramref name="data"/>.</summary>
    public BinaryDecoder(ReadOnlySpan<byte> data, DecodingLimits? limits = null)
    {
        _data = data;
        _limits = limits ?? DecodingLimits.Default;
        _position = 0;
        _depth = 0;
    }

    /// <summary>Bytes consumed so far.</summary>
    public readonly int Position => _position;

    /// <summary>Bytes not yet consumed.</summary>
    public readonly int Remaining => _data.Length - _position;

    /// <summary>The limits in force.</summary>
    public readonly DecodingLimits Limits => _limits;

    /// <summary>Throws the protocol error every malformed input ends in.</summary>
    [DoesNotReturn]
    public static void Fail(string what) => throw new OpcUaProtocolException(StatusCode.BadDecodingError, what);

    [DoesNotReturn]
    private static void FailLimit(string what) => throw new OpcUaProtocolException(StatusCode.BadEncodingLimitsExceeded, what);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private ReadOnlySpan<byte> Take(int count)
    {
        if ((uint)count > (uint)(_data.Length - _position))
        {
            ThrowEndOfMessage(count, _position, Remaining);
        }

        var span = _data.Slice(_position, count);
        _position += count;
        return span;
    }

    // Kept out of Take so the hot path stays small enough to inline.
    [DoesNotReturn]
    [MethodImpl(MethodImplOptions.NoInlining)]
    private static void ThrowEndOfMessage(int count, int position, int remaining) =>
        Fail($"Message ends early: needed {count} bytes at offset {position}, {remaining} left");

    /// <summary>The next two bytes as a little-endian number without consuming them (-1 when fewer remain).</summary>
    public readonly int PeekTwoBytes() => Remaining >= 2 ? _data[_position] | (_data[_position + 1] << 8) : -1;

    /// <summary>Reads raw bytes (a view into the input).</summary>
    public ReadOnlySpan<byte> ReadRaw(int count) => Take(count);

    /// <summary>Skips bytes.</summary>
    public void Skip(int count) => Take(count);

    /// <summary>Reads a Boolean (any non-zero byte is true).</summary>
    public bool ReadBoolean() => Take(1)[0] != 0;
    /// <summary>Reads an SByte.</summary>
    public sbyte ReadSByte() => unchecked((sbyte)Take(1)[0]);
    /// <summary>Reads a Byte.</summary>
    public byte ReadByte() => Take(1)[0];
    /// <summary>Reads an Int16.</summary>
    public short ReadInt16() => BinaryPrimitives.ReadInt16LittleEndian(Take(2));
    /// <summary>Reads a UInt16.</summary>
    public ushort ReadUInt16() => BinaryPrimitives.ReadUInt16LittleEndian(Take(2));
    /// <summary>Reads an Int32.</summary>
    public int ReadInt32() => BinaryPrimitives.ReadInt32LittleEndian(Take(4));
    /// <summary>Reads a UInt32.</summary>
    public uint ReadUInt32() => BinaryPrimitives.ReadUInt32LittleEndian(Take(4));
    /// <summary>Reads an Int64.</summary>
    public long ReadInt64() => BinaryPrimitives.ReadInt64LittleEndian(Take(8));
    /// <summary>Reads a UInt64.</summary>
    public ulong ReadUInt64() => BinaryPrimitives.ReadUInt64LittleEndian(Take(8));
    /// <summary>Reads a Float.</summary>
    public float ReadFloat() => BinaryPrimitives.ReadSingleLittleEndian(Take(4));
    /// <summary>Reads a Double.</summary>
    public double ReadDouble() => BinaryPrimitives.ReadDoubleLittleEndian(Take(8));
    /// <summary>Reads a DateTime (MinValue for 0).</summary>
    public DateTime ReadDateTime() => UaDateTime.FromWire(ReadInt64());
    /// <summary>Reads a StatusCode.</summary>
    public StatusCode ReadStatusCode() => new(ReadUInt32());
    /// <summary>Reads a Guid.</summary>
    public Guid ReadGuid() => new(Take(16));

    /// <summary>
    /// Reads an array length: -1 (null) or 0..max, and no more elements than could fit in the bytes
    /// left at <paramref name="minElementSize"/> bytes each.
    /// </summary>
    public int ReadArrayLength(int minElementSize = 1)
    {
        var length = ReadInt32();
        if (length < -1)
        {
            Fail($"Negative array length {length}");
        }

        if (length > _limits.MaxArrayLength)
        {
            FailLimit($"Array of {length} elements exceeds the limit of {_limits.MaxArrayLength}");
        }

        if (length > 0 && (long)length * minElementSize > Remaining)
        {
            Fail($"Array of {length} elements cannot fit in the {Remaining} bytes left");
        }

        return length;
    }

    private int ReadByteLength(int max, string what)
    {
        var length = ReadInt32();
        if (length < -1)
        {
            Fail($"Negative {what} length {length}");
        }

        if (length > max)
        {
            FailLimit($"{what} of {length} bytes exceeds the limit of {max}");
        }

        if (length > Remaining)
        {
            Fail($"{what} of {length} bytes is longer than the {Remaining} bytes left");
        }

        return length;
    }

    /// <summary>Reads a String (null for length -1).</summary>
    public string? ReadString()
    {
        var length = ReadByteLength(_limits.MaxStringLength, "String");
        if (length < 0)
        {
            return null;
        }

        return length == 0 ? string.Empty : System.Text.Encoding.UTF8.GetString(Take(length));
    }

    /// <summary>Reads a ByteString (null for length -1).</summary>
    public byte[]? ReadByteString()
    {
        var length = ReadByteLength(_limits.MaxByteStringLength, "ByteString");
        return length < 0 ? null : Take(length).ToArray();
    }

    /// <summary>Reads a ByteString as a view into the input; <paramref name="isNull"/> tells null from empty.</summary>
    public ReadOnlySpan<byte> ReadByteStringSpan(out bool isNull)
    {
        var length = ReadByteLength(_limits.MaxByteStringLength, "ByteString");
        isNull = length < 0;
        return length <= 0 ? ReadOnlySpan<byte>.Empty : Take(length);
    }

    /// <summary>Reads a NodeId.</summary>
    public NodeId ReadNodeId()
    {
        var encoding = ReadByte();
        if ((encoding & 0xC0) != 0)
        {
            Fail($"NodeId encoding byte 0x{encoding:X2} has ExpandedNodeId flags");
        }

        return ReadNodeIdBody(encoding);
    }

    /// <summary>
    /// Reads a NodeId that the caller expects to be numeric, without allocating; returns false
    /// (having consumed it) when it was another kind.
    /// </summary>
    public bool TryReadNumericNodeId(out ushort namespaceIndex, out uint identifier)
    {
        var id = ReadNodeId();
        namespaceIndex = id.NamespaceIndex;
        identifier = id.NumericIdentifier;
        return id.IdType == NodeIdType.Numeric;
    }

    private NodeId ReadNodeIdBody(byte encoding)
    {
        switch (encoding & 0x3F)
        {
            case 0x00: return new NodeId(ReadByte());
            case 0x01:
                var ns = ReadByte();
                return new NodeId(ReadUInt16(), ns);
            case 0x02:
                var ns2 = ReadUInt16();
                return new NodeId(ReadUInt32(), ns2);
            case 0x03:
                var ns3 = ReadUInt16();
                return new NodeId(ReadString() ?? string.Empty, ns3);
            case 0x04:
                var ns4 = ReadUInt16();
                return new NodeId(ReadGuid(), ns4);
            case 0x05:
                var ns5 = ReadUInt16();
                return new NodeId(ReadByteString() ?? [], ns5);
            default:
                Fail($"Unknown NodeId encoding 0x{encoding:X2}");
                return default;
        }
    }

    /// <summary>Reads an ExpandedNodeId.</summary>
    public ExpandedNodeId ReadExpandedNodeId()
    {
        var encoding = ReadByte();
        var nodeId = ReadNodeIdBody(encoding);
        var uri = (encoding & 0x80) != 0 ? ReadString() : null;
        var server = (encoding & 0x40) != 0 ? ReadUInt32() : 0u;
        return new ExpandedNodeId(nodeId, uri, server);
    }

    /// <summary>Reads a QualifiedName.</summary>
    public QualifiedName ReadQualifiedName()
    {
        var ns = ReadUInt16();
        return new QualifiedName(ns, ReadString());
    }

    /// <summary>Reads a LocalizedText.</summary>
    public LocalizedText ReadLocalizedText()
    {
        var mask = ReadByte();
        if ((mask & 0xFC) != 0)
        {
            Fail($"LocalizedText mask 0x{mask:X2} has unknown bits");
        }

        var locale = (mask & 0x01) != 0 ? ReadString() : null;
        var text = (mask & 0x02) != 0 ? ReadString() : null;
        return new LocalizedText(locale, text);
    }

    /// <summary>Reads an ExtensionObject, keeping its body as bytes.</summary>
    public ExtensionObject ReadExtensionObject()
    {
        var typeId = ReadNodeId();
        var encoding = ReadByte();
        switch (encoding)
        {
            case 0: return new ExtensionObject(typeId, ExtensionObjectEncoding.None, ReadOnlyMemory<byte>.Empty);
            case 1:
            case 2:
                var body = ReadByteStringSpan(out _);
                return new ExtensionObject(typeId, (ExtensionObjectEncoding)encoding, body.ToArray());
            default:
                Fail($"ExtensionObject encoding {encoding} is not 0, 1 or 2");
                return default;
        }
    }

    /// <summary>
    /// Reads an ExtensionObject header and returns a view of its binary body, so known structures can
    /// be decoded in place. <paramref name="typeId"/> is the encoding id; the body is empty for encoding 0.
    /// </summary>
    public ReadOnlySpan<byte> ReadExtensionObjectBody(out NodeId typeId, out ExtensionObjectEncoding encoding)
    {
        typeId = ReadNodeId();
        var e = ReadByte();
        if (e > 2)
        {
            Fail($"ExtensionObject encoding {e} is not 0, 1 or 2");
        }

        encoding = (ExtensionObjectEncoding)e;
        return e == 0 ? ReadOnlySpan<byte>.Empty : ReadByteStringSpan(out _);
    }

    private void Enter()
    {
        if (++_depth > _limits.MaxNestingDepth)
        {
            FailLimit($"Nesting deeper than {_limits.MaxNestingDepth}");
        }
    }

    /// <summary>Reads a DiagnosticInfo (null when the mask is empty).</summary>
    public DiagnosticInfo? ReadDiagnosticInfo()
    {
        var mask = ReadByte();
        if (mask == 0)
        {
            return null;
        }

        if ((mask & 0x80) != 0)
        {
            Fail($"DiagnosticInfo mask 0x{mask:X2} has unknown bits");
        }

        Enter();
        var info = new DiagnosticInfo
        {
            SymbolicId = (mask & 0x01) != 0 ? ReadInt32() : null,
            NamespaceUri = (mask & 0x02) != 0 ? ReadInt32() : null,
            Locale = (mask & 0x08) != 0 ? ReadInt32() : null,
            LocalizedText = (mask & 0x04) != 0 ? ReadInt32() : null,
            AdditionalInfo = (mask & 0x10) != 0 ? ReadString() : null,
            InnerStatusCode = (mask & 0x20) != 0 ? ReadStatusCode() : null,
            InnerDiagnosticInfo = (mask & 0x40) != 0 ? ReadDiagnosticInfo() : null,
        };
        _depth--;
        return info;
    }

    /// <summary>Reads a DataValue.</summary>
    public DataValue ReadDataValue()
    {
        var mask = ReadByte();
        if ((mask & 0xC0) != 0)
        {
            Fail($"DataValue mask 0x{mask:X2} has unknown bits");
        }

        Enter();
        var value = (mask & 0x01) != 0 ? ReadVariant() : Variant.Null;
        var status = (mask & 0x02) != 0 ? ReadStatusCode() : StatusCode.Good;
        var source = (mask & 0x04) != 0 ? ReadDateTime() : default;
        var sourcePico = (mask & 0x10) != 0 ? ReadUInt16() : (ushort)0;
        var server = (mask & 0x08) != 0 ? ReadDateTime() : default;
        var serverPico = (mask & 0x20) != 0 ? ReadUInt16() : (ushort)0;
        _depth--;
        return new DataValue(value, status, source, server) { SourcePicoseconds = sourcePico, ServerPicoseconds = serverPico };
    }

    /// <summary>
    /// Reads one MonitoredItemNotification (client handle + DataValue) when its value is a scalar
    /// Double — the shape of nearly every analog tag — with one bounds check for the whole
    /// notification instead of one per field. Returns false, consuming nothing, for any other shape
    /// (or too few bytes): the caller then takes the general path, which reports malformed input.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal bool TryReadDoubleNotification(out uint clientHandle, out DataValue value)
    {
        var rest = _data[_position..];
        // Handle (4), mask (1), variant type (1): the mask must carry a value and no unknown bits.
        if (rest.Length < 14 || (rest[4] & 0xC1) != 0x01 || rest[5] != (byte)BuiltInType.Double)
        {
            clientHandle = 0;
            value = default;
            return false;
        }

        int mask = rest[4];
        // 14 = handle + mask + type + Double; then status 4, source 8, source ps 2, server 8, server ps 2.
        var length = 14 + ((mask & 0x02) << 1) + ((mask & 0x04) << 1) + ((mask & 0x10) >> 3) + (mask & 0x08) + ((mask & 0x20) >> 4);
        if (rest.Length < length)
        {
            clientHandle = 0;
            value = default;
            return false;
        }

        rest = rest[..length];
        clientHandle = BinaryPrimitives.ReadUInt32LittleEndian(rest);
        var number = BinaryPrimitives.ReadDoubleLittleEndian(rest[6..]);
        var offset = 14;
        var status = 0u;
        if ((mask & 0x02) != 0)
        {
            status = BinaryPrimitives.ReadUInt32LittleEndian(rest[offset..]);
            offset += 4;
        }

        long source = 0;
        if ((mask & 0x04) != 0)
        {
            source = BinaryPrimitives.ReadInt64LittleEndian(rest[offset..]);
            offset += 8;
        }

        ushort sourcePico = 0;
        if ((mask & 0x10) != 0)
        {
            sourcePico = BinaryPrimitives.ReadUInt16LittleEndian(rest[offset..]);
            offset += 2;
        }

        long server = 0;
        if ((mask & 0x08) != 0)
        {
            server = BinaryPrimitives.ReadInt64LittleEndian(rest[offset..]);
            offset += 8;
        }

        ushort serverPico = 0;
        if ((mask & 0x20) != 0)
        {
            serverPico = BinaryPrimitives.ReadUInt16LittleEndian(rest[offset..]);
        }

        _position += length;
        value = new DataValue(new Variant(number), new StatusCode(status), UaDateTime.FromWire(source), UaDateTime.FromWire(server))
        {
            SourcePicoseconds = sourcePico,
            ServerPicoseconds = serverPico,
        };
        return true;
    }

    /// <summary>Reads a Variant, including arrays and matrix dimensions.</summary>
    public Variant ReadVariant()
    {
        var encoding = ReadByte();
        var type = (BuiltInType)(encoding & 0x3F);
        if (type > BuiltInType.DiagnosticInfo)
        {
            Fail($"Variant type {(int)type} is not a built-in type");
        }

        if (type == BuiltInType.Null)
        {
            return Variant.Null;
        }

        Enter();
        Variant result;
        if ((encoding & 0x80) == 0)
        {
            if ((encoding & 0x40) != 0)
            {
                Fail("Variant has array dimensions but no array");
            }

            if (type == BuiltInType.Variant)
            {
                Fail("A scalar Variant cannot contain a Variant");
            }

            result = ReadScalar(type);
        }
        else
        {
            var length = ReadArrayLength(MinimumSize(type));
            var array = ReadArrayElements(type, Math.Max(length, 0));
            int[]? dims = null;
            if ((encoding & 0x40) != 0)
            {
                var count = ReadArrayLength(4);
                if (count <= 0)
                {
                    Fail("Matrix with no dimensions");
                }

                dims = new int[count];
                long product = 1;
                for (var i = 0; i < count; i++)
                {
                    dims[i] = ReadInt32();
                    if (dims[i] < 0)
                    {
                        Fail("Negative matrix dimension");
                    }

                    product = Math.Min(product * dims[i], int.MaxValue + 1L);
                }

                if (product != array.Length)
                {
                    Fail($"Matrix dimensions hold {product} elements but the array has {array.Length}");
                }
            }

            result = Variant.FromRaw(type, 0, array, dims);
        }

        _depth--;
        return result;
    }

    private static int MinimumSize(BuiltInType type) => type switch
    {
        BuiltInType.Int16 or BuiltInType.UInt16 => 2,
        BuiltInType.Int32 or BuiltInType.UInt32 or BuiltInType.Float or BuiltInType.StatusCode or BuiltInType.String
            or BuiltInType.ByteString or BuiltInType.XmlElement => 4,
        BuiltInType.Int64 or BuiltInType.UInt64 or BuiltInType.Double or BuiltInType.DateTime => 8,
        BuiltInType.Guid => 16,
        _ => 1,
    };

    private Variant ReadScalar(BuiltInType type) => type switch
    {
        BuiltInType.Boolean => new Variant(ReadBoolean()),
        BuiltInType.SByte => new Variant(ReadSByte()),
        BuiltInType.Byte => new Variant(ReadByte()),
        BuiltInType.Int16 => new Variant(ReadInt16()),
        BuiltInType.UInt16 => new Variant(ReadUInt16()),
        BuiltInType.Int32 => new Variant(ReadInt32()),
        BuiltInType.UInt32 => new Variant(ReadUInt32()),
        BuiltInType.Int64 => new Variant(ReadInt64()),
        BuiltInType.UInt64 => new Variant(ReadUInt64()),
        BuiltInType.Float => new Variant(ReadFloat()),
        BuiltInType.Double => new Variant(ReadDouble()),
        BuiltInType.DateTime => new Variant(ReadDateTime()),
        BuiltInType.StatusCode => new Variant(ReadStatusCode()),
        _ => Variant.FromRaw(type, 0, ReadObject(type)),
    };

    private object? ReadObject(BuiltInType type) => type switch
    {
        BuiltInType.String or BuiltInType.XmlElement => ReadString(),
        BuiltInType.Guid => ReadGuid(),
        BuiltInType.ByteString => ReadByteString(),
        BuiltInType.NodeId => ReadNodeId(),
        BuiltInType.ExpandedNodeId => ReadExpandedNodeId(),
        BuiltInType.QualifiedName => ReadQualifiedName(),
        BuiltInType.LocalizedText => ReadLocalizedText(),
        BuiltInType.ExtensionObject => ReadExtensionObject(),
        BuiltInType.DataValue => ReadDataValue(),
        BuiltInType.Variant => ReadVariant(),
        BuiltInType.DiagnosticInfo => ReadDiagnosticInfo(),
        _ => throw new OpcUaProtocolException(StatusCode.BadDecodingError, $"Cannot decode a {type} value"),
    };

    private Array ReadArrayElements(BuiltInType type, int length)
    {
        switch (type)
        {
            case BuiltInType.Boolean: { var a = new bool[length]; for (var i = 0; i < length; i++) a[i] = ReadBoolean(); return a; }
            case BuiltInType.SByte: { var a = new sbyte[length]; for (var i = 0; i < length; i++) a[i] = ReadSByte(); return a; }
            case BuiltInType.Byte: return Take(length).ToArray();
            case BuiltInType.Int16: { var a = new short[length]; for (var i = 0; i < length; i++) a[i] = ReadInt16(); return a; }
            case BuiltInType.UInt16: { var a = new ushort[length]; for (var i = 0; i < length; i++) a[i] = ReadUInt16(); return a; }
            case BuiltInType.Int32: { var a = new int[length]; for (var i = 0; i < length; i++) a[i] = ReadInt32(); return a; }
            case BuiltInType.UInt32: { var a = new uint[length]; for (var i = 0; i < length; i++) a[i] = ReadUInt32(); return a; }
            case BuiltInType.Int64: { var a = new long[length]; for (var i = 0; i < length; i++) a[i] = ReadInt64(); return a; }
            case BuiltInType.UInt64: { var a = new ulong[length]; for (var i = 0; i < length; i++) a[i] = ReadUInt64(); return a; }
            case BuiltInType.Float: { var a = new float[length]; for (var i = 0; i < length; i++) a[i] = ReadFloat(); return a; }
            case BuiltInType.Double: { var a = new double[length]; for (var i = 0; i < length; i++) a[i] = ReadDouble(); return a; }
            case BuiltInType.DateTime: { var a = new DateTime[length]; for (var i = 0; i < length; i++) a[i] = ReadDateTime(); return a; }
            case BuiltInType.StatusCode: { var a = new StatusCode[length]; for (var i = 0; i < length; i++) a[i] = ReadStatusCode(); return a; }
            case BuiltInType.String:
            case BuiltInType.XmlElement: { var a = new string?[length]; for (var i = 0; i < length; i++) a[i] = ReadString(); return a; }
            case BuiltInType.Guid: { var a = new Guid[length]; for (var i = 0; i < length; i++) a[i] = ReadGuid(); return a; }
            case BuiltInType.ByteString: { var a = new byte[]?[length]; for (var i = 0; i < length; i++) a[i] = ReadByteString(); return a; }
            case BuiltInType.NodeId: { var a = new NodeId[length]; for (var i = 0; i < length; i++) a[i] = ReadNodeId(); return a; }
            case BuiltInType.ExpandedNodeId: { var a = new ExpandedNodeId[length]; for (var i = 0; i < length; i++) a[i] = ReadExpandedNodeId(); return a; }
            case BuiltInType.QualifiedName: { var a = new QualifiedName[length]; for (var i = 0; i < length; i++) a[i] = ReadQualifiedName(); return a; }
            case BuiltInType.LocalizedText: { var a = new LocalizedText[length]; for (var i = 0; i < length; i++) a[i] = ReadLocalizedText(); return a; }
            case BuiltInType.ExtensionObject: { var a = new ExtensionObject[length]; for (var i = 0; i < length; i++) a[i] = ReadExtensionObject(); return a; }
            case BuiltInType.DataValue: { var a = new DataValue[length]; for (var i = 0; i < length; i++) a[i] = ReadDataValue(); return a; }
            case BuiltInType.Variant: { var a = new Variant[length]; for (var i = 0; i < length; i++) a[i] = ReadVariant(); return a; }
            case BuiltInType.DiagnosticInfo: { var a = new DiagnosticInfo?[length]; for (var i = 0; i < length; i++) a[i] = ReadDiagnosticInfo(); return a; }
            default: Fail($"Cannot decode an array of {type}"); return Array.Empty<object>();
        }
    }

    /// <summary>Reads an array with its Int32 length (null for -1) using <paramref name="readItem"/> per element.</summary>
    public T[]? ReadArray<T>(ReadItem<T> readItem, int minElementSize = 1)
    {
        var length = ReadArrayLength(minElementSize);
        if (length < 0)
        {
            return null;
        }

        var items = length == 0 ? [] : new T[length];
        for (var i = 0; i < length; i++)
        {
            items[i] = readItem(ref this);
        }

        return items;
    }

    /// <summary>Fails unless every byte was consumed (trailing garbage is a protocol error).</summary>
    public readonly void ExpectEnd()
    {
        if (Remaining != 0)
        {
            Fail($"{Remaining} unexpected bytes after the message body");
        }
    }
}

/// <summary>Reads one element of an array.</summary>
public delegate T ReadItem<T>(ref BinaryDecoder decoder);
