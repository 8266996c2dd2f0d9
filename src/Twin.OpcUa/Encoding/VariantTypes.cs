using System.Collections;

namespace Twin.OpcUa.Encoding;

/// <summary>Maps built-in types to the .NET array types a <see cref="Variant"/> holds them in.</summary>
internal static class VariantTypes
{
    private static readonly Type?[] ArrayTypes =
    [
        null, typeof(bool[]), typeof(sbyte[]), typeof(byte[]), typeof(short[]), typeof(ushort[]), typeof(int[]), typeof(uint[]),
        typeof(long[]), typeof(ulong[]), typeof(float[]), typeof(double[]), typeof(string[]), typeof(DateTime[]), typeof(Guid[]),
        typeof(byte[][]), typeof(string[]), typeof(NodeId[]), typeof(ExpandedNodeId[]), typeof(StatusCode[]), typeof(QualifiedName[]),
        typeof(LocalizedText[]), typeof(ExtensionObject[]), typeof(DataValue[]), typeof(Variant[]), typeof(DiagnosticInfo[]),
    ];

    public static Type ArrayType(BuiltInType type) =>
        (int)type < ArrayTypes.Length && ArrayTypes[(int)type] is { } t ? t : throw new ArgumentException($"{type} cannot form an array.");

    public static BuiltInType? ElementType(Type arrayType)
    {
        for (var i = 1; i < ArrayTypes.Length; i++)
        {
            if (i == (int)BuiltInType.XmlElement)
            {
                continue;
            }

            if (ArrayTypes[i] == arrayType)
            {
                return (BuiltInType)i;
            }
        }

        return null;
    }

    public static bool ValueEquals(object? a, object? b)
    {
        if (a is null || b is null)
        {
            return a is null && b is null;
        }

        if (a is Array x && b is Array y)
        {
            return StructuralComparisons.StructuralEqualityComparer.Equals(x, y) || ElementsEqual(x, y);
        }

        return a.Equals(b);
    }

    private static bool ElementsEqual(Array x, Array y)
    {
        if (x.Length != y.Length || x.GetType() != y.GetType())
        {
            return false;
        }

        for (var i = 0; i < x.Length; i++)
        {
            if (!ValueEquals(x.GetValue(i), y.GetValue(i)))
            {
                return false;
            }
        }

        return true;
    }
}
