using System.Buffers;
using System.Buffers.Binary;

namespace Twin.OpcUa.Encoding;

/// <summary>
/// Writes OPC UA Binary (Part 6 §5.2) into a growable buffer rented from the shared pool.
/// Reuse one encoder with <see cref="Reset"/>; dispose it to return the buffer.
/// </summary>
public sealed class BinaryEncoder : IDisposable
{
    private byte[] _buffer;
    private int _position;

    /// <summary>Creates an encoder with an initial capacity.</summary>
    public BinaryEncoder(int initialCapacity = 1024)
    {
        _buffer = ArrayPool<byte>.Shared.Rent(Math.Max(64, initialCapacity));
    }

    /// <summary>Bytes written so far.</summary>
    public int Position => _position;

    /// <summary>The bytes written so far.</summary>
    public ReadOnlySpan<byte> WrittenSpan => _buffer.AsSpan(0, _position);

    /// <summary>The bytes written so far.</summary>
    public ReadOnlyMemory<byte> WrittenMemory => _buffer.AsMemory(0, _position);

    /// <summary>Forgets what was written, keeping the buffer.</summary>
    public void Reset() => _position = 0;

    /// <summary>Returns the buffer to the pool.</summary>
    public void Dispose()
    {
        var buffer = _buffer;
        _buffer = [];
        if (buffer.Length > 0)
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    /// <summary>Copy of the bytes written so far.</summary>
    public byte[] ToArray() => WrittenSpan.ToArray();

    private Span<byte> Reserve(int count)
    {
        if (_position + count > _buffer.Length)
        {
            var bigger = ArrayPool<byte>.Shared.Rent(Math.Max(_buffer.Length * 2, _position + count));
            _buffer.AsSpan(0, _position).CopyTo(bigger);
            ArrayPool<byte>.Shared.Return(_buffer);
            _buffer = bigger;
        }

        var span = _buffer.AsSpan(_position, count);
        _position += count;
        return span;
    }

    /// <summary>Overwrites a UInt32 at an earlier position (used for lengths known only at the end).</summary>
    public void PatchUInt32(int position, uint value) => BinaryPrimitives.WriteUInt32LittleEndian(_buffer.AsSpan(position, 4), value);

    /// <summary>Writes raw bytes.</summary>
    public void WriteRaw(ReadOnlySpan<byte> bytes) => bytes.CopyTo(Reserve(bytes.Length));

    /// <summary>Writes a Boolean as one byte.</summary>
    public void WriteBoolean(bool value) => Reserve(1)[0] = value ? (byte)1 : (byte)0;
    /// <summary>Writes an SByte.</summary>
    public void WriteSByte(sbyte value) => Reserve(1)[0] = unchecked((byte)value);
    /// <summary>Writes a Byte.</summary>
    public void WriteByte(byte value) => Reserve(1)[0] = value;
    /// <summary>Writes an Int16.</summary>
    public void WriteInt16(short value) => BinaryPrimitives.WriteInt16LittleEndian(Reserve(2), value);
    /// <summary>Writes a UInt16.</summary>
    public void WriteUInt16(ushort value) => BinaryPrimitives.WriteUInt16LittleEndian(Reserve(2), value);
    /// <summary>Writes an Int32.</summary>
    public void WriteInt32(int value) => BinaryPrimitives.WriteInt32LittleEndian(Reserve(4), value);
    /// <summary>Writes a UInt32.</summary>
    public void WriteUInt32(uint value) => BinaryPrimitives.WriteUInt32LittleEndian(Reserve(4), value);
    /// <summary>Writes an Int64.</summary>
    public void WriteInt64(long value) => BinaryPrimitives.WriteInt64LittleEndian(Reserve(8), value);
    /// <summary>Writes a UInt64.</summary>
    public void WriteUInt64(ulong value) => BinaryPrimitives.WriteUInt64LittleEndian(Reserve(8), value);
    /// <summary>Writes a Float.</summary>
    public void WriteFloat(float value) => BinaryPrimitives.WriteSingleLittleEndian(Reserve(4), value);
    /// <summary>Writes a Double.</summary>
    public void WriteDouble(double value) => BinaryPrimitives.WriteDoubleLittleEndian(Reserve(8), value);
    /// <summary>Writes a DateTime as 100 ns ticks since 1601.</summary>
    public void WriteDateTime(DateTime value) => WriteInt64(UaDateTime.ToWire(value));
    /// <summary>Writes a StatusCode.</summary>
    public void WriteStatusCode(StatusCode value) => WriteUInt32(value.Code);

    /// <summary>Writes a String (length -1 for null).</summary>
    public void WriteString(string? value)
    {
        if (value is null)
        {
            WriteInt32(-1);
            return;
        }

        var length = System.Text.Encoding.UTF8.GetByteCount(value);
        WriteInt32(length);
        System.Text.Encoding.UTF8.GetBytes(value, Reserve(length));
    }

    /// <summary>Writes a ByteString (length -1 for null).</summary>
    public void WriteByteString(ReadOnlySpan<byte> value, bool isNull = false)
    {
        if (isNull)
        {
            WriteInt32(-1);
            return;
        }

        WriteInt32(value.Length);
        WriteRaw(value);
    }

    /// <summary>Writes a ByteString (length -1 for null).</summary>
    public void WriteByteString(byte[]? value) => WriteByteString(value, value is null);

    /// <summary>Writes a Guid in the OPC UA field order (Data1..Data4, little-endian parts).</summary>
    public void WriteGuid(Guid value)
    {
        // .NET's little-endian layout is exactly UA's Data1 UInt32, Data2/Data3 UInt16, Data4 bytes.
        value.TryWriteBytes(Reserve(16));
    }

    /// <summary>Writes a NodeId in its most compact encoding.</summary>
    public void WriteNodeId(NodeId value) => WriteNodeIdCore(value, 0);

    private void WriteNodeIdCore(NodeId value, byte flags)
    {
        switch (value.IdType)
        {
            case NodeIdType.Numeric:
                var n = value.NumericIdentifier;
                if (value.NamespaceIndex == 0 && n <= byte.MaxValue)
                {
                    WriteByte((byte)(0x00 | flags));
                    WriteByte((byte)n);
                }
                else if (value.NamespaceIndex <= byte.MaxValue && n <= ushort.MaxValue)
                {
                    WriteByte((byte)(0x01 | flags));
                    WriteByte((byte)value.NamespaceIndex);
                    WriteUInt16((ushort)n);
                }
                else
                {
                    WriteByte((byte)(0x02 | flags));
                    WriteUInt16(value.NamespaceIndex);
                    WriteUInt32(n);
                }

                break;
            case NodeIdType.String:
                WriteByte((byte)(0x03 | flags));
                WriteUInt16(value.NamespaceIndex);
                WriteString((string)value.Identifier);
                break;
            case NodeIdType.Guid:
                WriteByte((byte)(0x04 | flags));
                WriteUInt16(value.NamespaceIndex);
                WriteGuid((Guid)value.Identifier);
                break;
            default:
                WriteByte((byte)(0x05 | flags));
                WriteUInt16(value.NamespaceIndex);
                WriteByteString((byte[])value.Identifier);
                break;
        }
    }

    /// <summary>Writes an ExpandedNodeId.</summary>
    public void WriteExpandedNodeId(ExpandedNodeId value)
    {
        byte flags = 0;
        if (value.NamespaceUri is not null)
        {
            flags |= 0x80;
        }

        if (value.ServerIndex != 0)
        {
            flags |= 0x40;
        }

        WriteNodeIdCore(value.NodeId, flags);
        if (value.NamespaceUri is not null)
        {
            WriteString(value.NamespaceUri);
        }

        if (value.ServerIndex != 0)
        {
            WriteUInt32(value.ServerIndex);
        }
    }

    /// <summary>Writes a QualifiedName.</summary>
    public void WriteQualifiedName(QualifiedName value)
    {
        WriteUInt16(value.NamespaceIndex);
        WriteString(value.Name);
    }

    /// <summary>Writes a LocalizedText with its presence mask.</summary>
    public void WriteLocalizedText(LocalizedText value)
    {
        byte mask = 0;
        if (value.Locale is not null)
        {
            mask |= 0x01;
        }

        if (value.Text is not null)
        {
            mask |= 0x02;
        }

        WriteByte(mask);
        if (value.Locale is not null)
        {
            WriteString(value.Locale);
        }

        if (value.Text is not null)
        {
            WriteString(value.Text);
        }
    }

    /// <summary>Writes an ExtensionObject with its bytes as they are.</summary>
    public void WriteExtensionObject(ExtensionObject value)
    {
        WriteNodeId(value.TypeId);
        WriteByte((byte)value.Encoding);
        if (value.Encoding != ExtensionObjectEncoding.None)
        {
            WriteByteString(value.Body.Span);
        }
    }

    /// <summary>
    /// Writes an ExtensionObject whose binary body is produced by <paramref name="writeBody"/>,
    /// patching the length afterwards so the body is not copied.
    /// </summary>
    public void WriteExtensionObject<TState>(NodeId typeId, TState state, Action<BinaryEncoder, TState> writeBody)
    {
        WriteNodeId(typeId);
        WriteByte((byte)ExtensionObjectEncoding.Binary);
        var lengthAt = _position;
        WriteInt32(0);
        writeBody(this, state);
        PatchUInt32(lengthAt, (uint)(_position - lengthAt - 4));
    }

    /// <summary>Writes a DiagnosticInfo (null writes an empty mask).</summary>
    public void WriteDiagnosticInfo(DiagnosticInfo? value)
    {
        if (value is null)
        {
            WriteByte(0);
            return;
        }

        byte mask = 0;
        if (value.SymbolicId is not null) mask |= 0x01;
        if (value.NamespaceUri is not null) mask |= 0x02;
        if (value.LocalizedText is not null) mask |= 0x04;
        if (value.Locale is not null) mask |= 0x08;
        if (value.AdditionalInfo is not null) mask |= 0x10;
        if (value.InnerStatusCode is not null) mask |= 0x20;
        if (value.InnerDiagnosticInfo is not null) mask |= 0x40;
        WriteByte(mask);
        if (value.SymbolicId is { } s) WriteInt32(s);
        if (value.NamespaceUri is { } ns) WriteInt32(ns);
        if (value.Locale is { } l) WriteInt32(l);
        if (value.LocalizedText is { } lt) WriteInt32(lt);
        if (value.AdditionalInfo is { } a) WriteString(a);
        if (value.InnerStatusCode is { } isc) WriteStatusCode(isc);
        if (value.InnerDiagnosticInfo is { } inner) WriteDiagnosticInfo(inner);
    }

    /// <summary>Writes a DataValue with its presence mask.</summary>
    public void WriteDataValue(DataValue value)
    {
        byte mask = 0;
        if (!value.Value.IsNull) mask |= 0x01;
        if (value.StatusCode.Code != 0) mask |= 0x02;
        if (value.SourceTimestamp != default) mask |= 0x04;
        if (value.ServerTimestamp != default) mask |= 0x08;
        if (value.SourcePicoseconds != 0) mask |= 0x10;
        if (value.ServerPicoseconds != 0) mask |= 0x20;
        WriteByte(mask);
        if ((mask & 0x01) != 0) WriteVariant(value.Value);
        if ((mask & 0x02) != 0) WriteStatusCode(value.StatusCode);
        if ((mask & 0x04) != 0) WriteDateTime(value.SourceTimestamp);
        if ((mask & 0x10) != 0) WriteUInt16(value.SourcePicoseconds);
        if ((mask & 0x08) != 0) WriteDateTime(value.ServerTimestamp);
        if ((mask & 0x20) != 0) WriteUInt16(value.ServerPicoseconds);
    }

    /// <summary>Writes a Variant: encoding byte, value or array, and matrix dimensions.</summary>
    public void WriteVariant(Variant value)
    {
        if (value.IsNull)
        {
            WriteByte(0);
            return;
        }

        var type = value.Type;
        if (!value.IsArray)
        {
            WriteByte((byte)type);
            WriteScalar(type, value);
            return;
        }

        var dims = value.ArrayDimensions;
        WriteByte((byte)((byte)type | 0x80 | (dims is not null ? 0x40 : 0)));
        var array = (Array)value.RawObject!;
        WriteInt32(array.Length);
        WriteArrayElements(type, array);
        if (dims is not null)
        {
            WriteInt32(dims.Length);
            foreach (var d in dims)
            {
                WriteInt32(d);
            }
        }
    }

    private void WriteScalar(BuiltInType type, Variant value)
    {
        var bits = value.RawBits;
        var obj = value.RawObject;
        switch (type)
        {
            case BuiltInType.Boolean: WriteBoolean(bits != 0); break;
            case BuiltInType.SByte: WriteSByte((sbyte)bits); break;
            case BuiltInType.Byte: WriteByte((byte)bits); break;
            case BuiltInType.Int16: WriteInt16((short)bits); break;
            case BuiltInType.UInt16: WriteUInt16((ushort)bits); break;
            case BuiltInType.Int32: WriteInt32((int)bits); break;
            case BuiltInType.UInt32: WriteUInt32((uint)bits); break;
            case BuiltInType.Int64: WriteInt64(bits); break;
            case BuiltInType.UInt64: WriteUInt64(unchecked((ulong)bits)); break;
            case BuiltInType.Float: WriteFloat(BitConverter.Int32BitsToSingle((int)bits)); break;
            case BuiltInType.Double: WriteDouble(BitConverter.Int64BitsToDouble(bits)); break;
            case BuiltInType.DateTime: WriteDateTime(new DateTime(bits, DateTimeKind.Utc)); break;
            case BuiltInType.StatusCode: WriteUInt32(unchecked((uint)bits)); break;
            default: WriteObject(type, obj); break;
        }
    }

    private void WriteObject(BuiltInType type, object? obj)
    {
        switch (type)
        {
            case BuiltInType.String:
            case BuiltInType.XmlElement: WriteString((string?)obj); break;
            case BuiltInType.Guid: WriteGuid((Guid)obj!); break;
            case BuiltInType.ByteString: WriteByteString((byte[]?)obj); break;
            case BuiltInType.NodeId: WriteNodeId((NodeId)obj!); break;
            case BuiltInType.ExpandedNodeId: WriteExpandedNodeId((ExpandedNodeId)obj!); break;
            case BuiltInType.QualifiedName: WriteQualifiedName((QualifiedName)obj!); break;
            case BuiltInType.LocalizedText: WriteLocalizedText((LocalizedText)obj!); break;
            case BuiltInType.ExtensionObject: WriteExtensionObject((ExtensionObject)obj!); break;
            case BuiltInType.DataValue: WriteDataValue((DataValue)obj!); break;
            case BuiltInType.Variant: WriteVariant((Variant)obj!); break;
            case BuiltInType.DiagnosticInfo: WriteDiagnosticInfo((DiagnosticInfo?)obj); break;
            default: throw new OpcUaProtocolException(StatusCode.BadEncodingError, $"Cannot encode a {type} value");
        }
    }

    private void WriteArrayElements(BuiltInType type, Array array)
    {
        switch (array)
        {
            case bool[] a: foreach (var v in a) WriteBoolean(v); break;
            case sbyte[] a: foreach (var v in a) WriteSByte(v); break;
            case byte[] a: WriteRaw(a); break;
            case short[] a: foreach (var v in a) WriteInt16(v); break;
            case ushort[] a: foreach (var v in a) WriteUInt16(v); break;
            case int[] a: foreach (var v in a) WriteInt32(v); break;
            case uint[] a: foreach (var v in a) WriteUInt32(v); break;
            case long[] a: foreach (var v in a) WriteInt64(v); break;
            case ulong[] a: foreach (var v in a) WriteUInt64(v); break;
            case float[] a: foreach (var v in a) WriteFloat(v); break;
            case double[] a: foreach (var v in a) WriteDouble(v); break;
            case DateTime[] a: foreach (var v in a) WriteDateTime(v); break;
            case StatusCode[] a: foreach (var v in a) WriteStatusCode(v); break;
            default:
                for (var i = 0; i < array.Length; i++)
                {
                    WriteObject(type, array.GetValue(i));
                }

                break;
        }
    }

    /// <summary>Writes an array with its Int32 length (-1 for null).</summary>
    public void WriteArray<T>(IReadOnlyList<T>? items, Action<BinaryEncoder, T> writeItem)
    {
        if (items is null)
        {
            WriteInt32(-1);
            return;
        }

        WriteInt32(items.Count);
        for (var i = 0; i < items.Count; i++)
        {
            writeItem(this, items[i]);
        }
    }
}
