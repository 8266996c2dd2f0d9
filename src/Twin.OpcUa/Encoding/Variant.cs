using System.Globalization;

namespace Twin.OpcUa.Encoding;

/// <summary>
/// Any OPC UA value: a scalar or an array (with optional dimensions for matrices) of a built-in type.
/// Numeric scalars are held without boxing so decoding a Double notification does not allocate.
/// Arrays are held as typed .NET arrays (double[], string[], NodeId[] …); a matrix is its flattened
/// array plus <see cref="ArrayDimensions"/>.
/// </summary>
public readonly struct Variant : IEquatable<Variant>
{
    private readonly long _bits;
    private readonly object? _object;

    /// <summary>The null variant.</summary>
    public static readonly Variant Null;

    private Variant(BuiltInType type, long bits, object? obj, int[]? dimensions = null)
    {
        Type = type;
        _bits = bits;
        _object = obj;
        ArrayDimensions = dimensions;
    }

    /// <summary>A Boolean.</summary>
    public Variant(bool value) : this(BuiltInType.Boolean, value ? 1 : 0, null) { }
    /// <summary>An SByte.</summary>
    public Variant(sbyte value) : this(BuiltInType.SByte, value, null) { }
    /// <summary>A Byte.</summary>
    public Variant(byte value) : this(BuiltInType.Byte, value, null) { }
    /// <summary>An Int16.</summary>
    public Variant(short value) : this(BuiltInType.Int16, value, null) { }
    /// <summary>A UInt16.</summary>
    public Variant(ushort value) : this(BuiltInType.UInt16, value, null) { }
    /// <summary>An Int32.</summary>
    public Variant(int value) : this(BuiltInType.Int32, value, null) { }
    /// <summary>A UInt32.</summary>
    public Variant(uint value) : this(BuiltInType.UInt32, value, null) { }
    /// <summary>An Int64.</summary>
    public Variant(long value) : this(BuiltInType.Int64, value, null) { }
    /// <summary>A UInt64.</summary>
    public Variant(ulong value) : this(BuiltInType.UInt64, unchecked((long)value), null) { }
    /// <summary>A Float.</summary>
    public Variant(float value) : this(BuiltInType.Float, BitConverter.SingleToInt32Bits(value), null) { }
    /// <summary>A Double.</summary>
    public Variant(double value) : this(BuiltInType.Double, BitConverter.DoubleToInt64Bits(value), null) { }
    /// <summary>A String (null allowed).</summary>
    public Variant(string? value) : this(BuiltInType.String, 0, value) { }
    /// <summary>A DateTime (converted to UTC).</summary>
    public Variant(DateTime value) : this(BuiltInType.DateTime, ToUtc(value).Ticks, null) { }
    /// <summary>A Guid.</summary>
    public Variant(Guid value) : this(BuiltInType.Guid, 0, value) { }
    /// <summary>A ByteString (null allowed).</summary>
    public Variant(byte[]? value) : this(BuiltInType.ByteString, 0, value) { }
    /// <summary>A NodeId.</summary>
    public Variant(NodeId value) : this(BuiltInType.NodeId, 0, value) { }
    /// <summary>An ExpandedNodeId.</summary>
    public Variant(ExpandedNodeId value) : this(BuiltInType.ExpandedNodeId, 0, value) { }
    /// <summary>A StatusCode.</summary>
    public Variant(StatusCode value) : this(BuiltInType.StatusCode, value.Code, null) { }
    /// <summary>A QualifiedName.</summary>
    public Variant(QualifiedName value) : this(BuiltInType.QualifiedName, 0, value) { }
    /// <summary>A LocalizedText.</summary>
    public Variant(LocalizedText value) : this(BuiltInType.LocalizedText, 0, value) { }
    /// <summary>An ExtensionObject (known or opaque structure).</summary>
    public Variant(ExtensionObject value) : this(BuiltInType.ExtensionObject, 0, value) { }
    /// <summary>A DataValue.</summary>
    public Variant(DataValue value) : this(BuiltInType.DataValue, 0, value) { }
    /// <summary>A DiagnosticInfo.</summary>
    public Variant(DiagnosticInfo value) : this(BuiltInType.DiagnosticInfo, 0, value) { }

    /// <summary>
    /// An array (one-dimensional, or a matrix when <paramref name="dimensions"/> is given) of
    /// <paramref name="elementType"/>. The array's .NET element type must match (e.g. double[] for Double,
    /// Variant[] for Variant, byte[][] for ByteString).
    /// </summary>
    /// <exception cref="ArgumentException">The array type does not match, or the dimensions do not multiply to its length.</exception>
    public static Variant FromArray(BuiltInType elementType, Array values, int[]? dimensions = null)
    {
        ArgumentNullException.ThrowIfNull(values);
        var expected = VariantTypes.ArrayType(elementType);
        if (values.GetType() != expected)
        {
            throw new ArgumentException($"An array of {elementType} must be a {expected.Name}, not {values.GetType().Name}.", nameof(values));
        }

        if (dimensions is not null)
        {
            long product = 1;
            foreach (var d in dimensions)
            {
                if (d < 0)
                {
                    throw new ArgumentException("Array dimensions must not be negative.", nameof(dimensions));
                }

                product *= d;
            }

            if (product != values.Length)
            {
                throw new ArgumentException($"Dimensions [{string.Join(",", dimensions)}] hold {product} elements but the array has {values.Length}.", nameof(dimensions));
            }
        }

        return new Variant(elementType, 0, values, dimensions);
    }

    /// <summary>Creates a variant from a CLR value of a supported type (used by tools and tests).</summary>
    /// <exception cref="ArgumentException">The CLR type has no OPC UA built-in type.</exception>
    public static Variant From(object? value) => value switch
    {
        null => Null,
        Variant v => v,
        bool v => new Variant(v),
        sbyte v => new Variant(v),
        byte v => new Variant(v),
        short v => new Variant(v),
        ushort v => new Variant(v),
        int v => new Variant(v),
        uint v => new Variant(v),
        long v => new Variant(v),
        ulong v => new Variant(v),
        float v => new Variant(v),
        double v => new Variant(v),
        string v => new Variant(v),
        DateTime v => new Variant(v),
        Guid v => new Variant(v),
        byte[] v => new Variant(v),
        NodeId v => new Variant(v),
        ExpandedNodeId v => new Variant(v),
        StatusCode v => new Variant(v),
        QualifiedName v => new Variant(v),
        LocalizedText v => new Variant(v),
        ExtensionObject v => new Variant(v),
        DataValue v => new Variant(v),
        DiagnosticInfo v => new Variant(v),
        Array a when VariantTypes.ElementType(a.GetType()) is { } t => FromArray(t, a),
        _ => throw new ArgumentException($"{value.GetType().Name} has no OPC UA built-in type."),
    };

    /// <summary>The built-in type of the value or of the array elements.</summary>
    public BuiltInType Type { get; }

    /// <summary>True when the value is an array (or matrix).</summary>
    public bool IsArray => _object is Array && !(Type == BuiltInType.ByteString && _object is byte[]);

    /// <summary>Dimensions of a matrix; null for scalars and one-dimensional arrays.</summary>
    public int[]? ArrayDimensions { get; }

    /// <summary>True for the null variant.</summary>
    public bool IsNull => Type == BuiltInType.Null;

    internal long RawBits => _bits;
    internal object? RawObject => _object;

    internal static Variant FromRaw(BuiltInType type, long bits, object? obj, int[]? dimensions = null) => new(type, bits, obj, dimensions);

    /// <summary>The value as a CLR object (boxes numeric scalars; arrays are returned as typed arrays).</summary>
    public object? Value => _object is Array ? _object : Type switch
    {
        BuiltInType.Null => null,
        BuiltInType.Boolean => _bits != 0,
        BuiltInType.SByte => (sbyte)_bits,
        BuiltInType.Byte => (byte)_bits,
        BuiltInType.Int16 => (short)_bits,
        BuiltInType.UInt16 => (ushort)_bits,
        BuiltInType.Int32 => (int)_bits,
        BuiltInType.UInt32 => (uint)_bits,
        BuiltInType.Int64 => _bits,
        BuiltInType.UInt64 => unchecked((ulong)_bits),
        BuiltInType.Float => BitConverter.Int32BitsToSingle((int)_bits),
        BuiltInType.Double => BitConverter.Int64BitsToDouble(_bits),
        BuiltInType.DateTime => new DateTime(_bits, DateTimeKind.Utc),
        BuiltInType.StatusCode => new StatusCode(unchecked((uint)_bits)),
        _ => _object,
    };

    /// <summary>
    /// The scalar as a Double when it is numeric or Boolean (no allocation). Ingest uses this for
    /// analog tags whatever integer or float type the device chose.
    /// </summary>
    public bool TryGetDouble(out double value)
    {
        value = 0;
        if (_object is Array)
        {
            return false;
        }

        switch (Type)
        {
            case BuiltInType.Double: value = BitConverter.Int64BitsToDouble(_bits); return true;
            case BuiltInType.Float: value = BitConverter.Int32BitsToSingle((int)_bits); return true;
            case BuiltInType.UInt64: value = unchecked((ulong)_bits); return true;
            case BuiltInType.Boolean:
            case BuiltInType.SByte:
            case BuiltInType.Byte:
            case BuiltInType.Int16:
            case BuiltInType.UInt16:
            case BuiltInType.Int32:
            case BuiltInType.UInt32:
            case BuiltInType.Int64:
                value = _bits;
                return true;
            default:
                return false;
        }
    }

    /// <summary>The scalar Double value; throws when the variant is not numeric.</summary>
    public double ToDouble() => TryGetDouble(out var v) ? v : throw new InvalidCastException($"A {Type} variant is not numeric.");

    /// <inheritdoc/>
    public bool Equals(Variant other)
    {
        if (Type != other.Type || _bits != other._bits)
        {
            return false;
        }

        if (!DimensionsEqual(ArrayDimensions, other.ArrayDimensions))
        {
            return false;
        }

        return VariantTypes.ValueEquals(_object, other._object);
    }

    private static bool DimensionsEqual(int[]? a, int[]? b) =>
        a is null ? b is null : b is not null && a.AsSpan().SequenceEqual(b);

    /// <inheritdoc/>
    public override bool Equals(object? obj) => obj is Variant other && Equals(other);

    /// <inheritdoc/>
    public override int GetHashCode() => HashCode.Combine(Type, _bits, _object is Array a ? a.Length : _object?.GetHashCode() ?? 0);

    /// <summary>Compares two variants by type and value.</summary>
    public static bool operator ==(Variant left, Variant right) => left.Equals(right);

    /// <summary>Compares two variants by type and value.</summary>
    public static bool operator !=(Variant left, Variant right) => !left.Equals(right);

    /// <summary>Readable text of the value (invariant culture).</summary>
    public override string ToString()
    {
        if (IsArray && _object is Array array)
        {
            var items = array.Cast<object?>().Take(10).Select(o => Convert.ToString(o, CultureInfo.InvariantCulture));
            return $"{Type}[{array.Length}] {{{string.Join(", ", items)}{(array.Length > 10 ? ", …" : string.Empty)}}}";
        }

        return Value switch
        {
            null => "null",
            DateTime d => d.ToString("O", CultureInfo.InvariantCulture),
            byte[] b => $"0x{Convert.ToHexString(b)}",
            IFormattable f => f.ToString(null, CultureInfo.InvariantCulture),
            var o => o.ToString() ?? string.Empty,
        };
    }

    private static DateTime ToUtc(DateTime value) => value.Kind == DateTimeKind.Local ? value.ToUniversalTime() : value;
}
