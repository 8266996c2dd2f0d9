namespace Twin.Domain.Ingest;

/// <summary>
/// Which OPC UA data types a signal may come from. A counter fed by anything but a scalar integer would book fake
/// production (a noisy Double temperature mapped as ScrapCount counted every small drop as a counter reset), so such
/// a tag is refused before it is subscribed; live values accept anything. Types are the numeric ids of namespace 0
/// (OPC UA Part 6 built-in types and Part 5 data types).
/// </summary>
public static class TagTypeRule
{
    private const uint StringType = 12;
    private const uint EnumerationType = 29;
    private const int Scalar = -1;

    /// <summary>Null when the tag may feed the signal, otherwise why not (in words, with what to change).</summary>
    /// <param name="signal">The twin's signal name (<see cref="SignalNames.Normalize"/>).</param>
    /// <param name="dataTypeNamespace">Namespace index of the variable's DataType.</param>
    /// <param name="dataTypeId">Numeric id of the DataType (0 when it is not numeric).</param>
    /// <param name="valueRank">The variable's ValueRank (-1 scalar).</param>
    /// <param name="statusMapDeclared">The tag has a <see cref="StatusMap"/>: what its numbers mean is written down.</param>
    public static string? Check(string signal, ushort dataTypeNamespace, uint dataTypeId, int valueRank, bool statusMapDeclared = false)
    {
        var counter = signal is Machines.MachineTwin.GoodCounter or Machines.MachineTwin.ScrapCounter or Machines.MachineTwin.CycleCounter;
        var status = signal == Machines.MachineTwin.StatusSignal;
        if (!counter && !status)
        {
            return null;
        }

        if (valueRank != Scalar)
        {
            return $"{signal} needs a single value, but the variable is an array (ValueRank {valueRank}); map one element's variable instead";
        }

        var builtIn = dataTypeNamespace == 0;
        // SByte, Byte, Int16, UInt16, Int32, UInt32, Int64, UInt64, and the abstract Integer / UInteger some servers declare.
        var integer = builtIn && dataTypeId is (>= 2 and <= 9) or 27 or 28;
        if (counter)
        {
            return integer
                ? null
                : $"{signal} is a counter and needs an integer variable (UInt32, Int64 …), but this one is {TypeName(dataTypeNamespace, dataTypeId)}; map the PLC's part counter, or give the tag another signal name to keep it as a live value";
        }

        // Status: a state name (String) as it is. Numbers (an integer, an enumeration, whose values arrive as Int32, or
        // a DataType outside namespace 0, the PLC vendor's own and mostly enumerations) mean what the vendor says, not
        // Twin's own numbering: only with a declared statusMap, which turns each number into its state name.
        if (builtIn && dataTypeId == StringType)
        {
            return null;
        }

        if (integer || !builtIn || dataTypeId == EnumerationType)
        {
            return statusMapDeclared
                ? null
                : $"status is a number ({TypeName(dataTypeNamespace, dataTypeId)}) and the tag has no statusMap saying what each number means; add e.g. \"statusMap\": {{\"1\": \"Running\", \"2\": \"Idle\", \"3\": \"Down\"}} to the tag";
        }

        return $"status needs a state name (String) or a state number (integer or enumeration, with a statusMap), but the variable is {TypeName(dataTypeNamespace, dataTypeId)}";
    }

    private static string TypeName(ushort ns, uint id) => (ns, id) switch
    {
        (0, 1) => "Boolean",
        (0, 10) => "Float",
        (0, 11) => "Double",
        (0, 12) => "String",
        (0, 13) => "DateTime",
        (0, 15) => "ByteString",
        (0, 26) => "Number",
        (0, 2) => "SByte",
        (0, 3) => "Byte",
        (0, 4) => "Int16",
        (0, 5) => "UInt16",
        (0, 6) => "Int32",
        (0, 7) => "UInt32",
        (0, 8) => "Int64",
        (0, 9) => "UInt64",
        (0, 29) => "Enumeration",
        _ => $"DataType ns={ns};i={id}",
    };
}
