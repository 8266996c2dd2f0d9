using Twin.OpcUa.Encoding;

namespace Twin.OpcUa.Tests;

/// <summary>Every built-in type survives encode/decode, and the bytes match Part 6 where it gives examples.</summary>
public sealed class EncodingRoundTripTests
{
    public static TheoryData<string, Variant> Variants()
    {
        var data = new TheoryData<string, Variant>
        {
            { "null", Variant.Null },
            { "Boolean", new Variant(true) },
            { "SByte", new Variant((sbyte)-7) },
            { "Byte", new Variant((byte)200) },
            { "Int16", new Variant((short)-30000) },
            { "UInt16", new Variant((ushort)60000) },
            { "Int32", new Variant(int.MinValue) },
            { "UInt32", new Variant(uint.MaxValue) },
            { "Int64", new Variant(long.MinValue) },
            { "UInt64", new Variant(ulong.MaxValue) },
            { "Float", new Variant(3.25f) },
            { "Double", new Variant(-1234.5678) },
            { "Double NaN", new Variant(double.NaN) },
            { "String", new Variant("Presse 3 – Temperatur °C") },
            { "String empty", new Variant(string.Empty) },
            { "String null", new Variant((string?)null) },
            { "DateTime", new Variant(new DateTime(2026, 11, 27, 8, 30, 0, DateTimeKind.Utc).AddTicks(1234)) },
            { "Guid", new Variant(Guid.Parse("72962b91-fa75-4ae6-8d28-b404dc7daf63")) },
            { "ByteString", new Variant(new byte[] { 1, 2, 3, 0, 255 }) },
            { "ByteString null", new Variant((byte[]?)null) },
            { "NodeId numeric", new Variant(new NodeId(70000, 3)) },
            { "NodeId string", new Variant(new NodeId("Line1.Press", 2)) },
            { "NodeId guid", new Variant(new NodeId(Guid.NewGuid(), 4)) },
            { "NodeId opaque", new Variant(new NodeId(new byte[] { 9, 8, 7 }, 5)) },
            { "ExpandedNodeId", new Variant(new ExpandedNodeId(new NodeId("x", 0), "urn:plant", 2)) },
            { "StatusCode", new Variant(StatusCode.BadNodeIdUnknown) },
            { "QualifiedName", new Variant(new QualifiedName(2, "Temperature")) },
            { "LocalizedText", new Variant(new LocalizedText("de-DE", "Temperatur")) },
            { "LocalizedText text only", new Variant(new LocalizedText(null, "x")) },
            { "ExtensionObject opaque", new Variant(new ExtensionObject(new NodeId(5001, 2), ExtensionObjectEncoding.Binary, new byte[] { 1, 2, 3, 4 })) },
            { "DataValue", new Variant(new DataValue(new Variant(1.5), StatusCode.Uncertain, DateTime.UtcNow, DateTime.UtcNow) { SourcePicoseconds = 10, ServerPicoseconds = 20 }) },
            { "DiagnosticInfo", new Variant(new DiagnosticInfo { SymbolicId = 1, NamespaceUri = 2, Locale = 3, LocalizedText = 4, AdditionalInfo = "why", InnerStatusCode = StatusCode.Bad, InnerDiagnosticInfo = new DiagnosticInfo { AdditionalInfo = "inner" } }) },
            { "Boolean[]", Variant.FromArray(BuiltInType.Boolean, new[] { true, false }) },
            { "SByte[]", Variant.FromArray(BuiltInType.SByte, new sbyte[] { -1, 1 }) },
            { "Byte[]", Variant.FromArray(BuiltInType.Byte, new byte[] { 1, 2 }) },
            { "Int16[]", Variant.FromArray(BuiltInType.Int16, new short[] { -1, 1 }) },
            { "UInt16[]", Variant.FromArray(BuiltInType.UInt16, new ushort[] { 1, 2 }) },
            { "Int32[]", Variant.FromArray(BuiltInType.Int32, new[] { -1, 1 }) },
            { "UInt32[]", Variant.FromArray(BuiltInType.UInt32, new uint[] { 1, 2 }) },
            { "Int64[]", Variant.FromArray(BuiltInType.Int64, new long[] { -1, 1 }) },
            { "UInt64[]", Variant.FromArray(BuiltInType.UInt64, new ulong[] { 1, 2 }) },
            { "Float[]", Variant.FromArray(BuiltInType.Float, new[] { 1.5f, -2f }) },
            { "Double[] empty", Variant.FromArray(BuiltInType.Double, Array.Empty<double>()) },
            { "String[]", Variant.FromArray(BuiltInType.String, new string?[] { "a", null, "" }) },
            { "DateTime[]", Variant.FromArray(BuiltInType.DateTime, new[] { DateTime.MinValue, new DateTime(2020, 1, 1, 0, 0, 0, DateTimeKind.Utc) }) },
            { "Guid[]", Variant.FromArray(BuiltInType.Guid, new[] { Guid.NewGuid() }) },
            { "ByteString[]", Variant.FromArray(BuiltInType.ByteString, new byte[]?[] { [1], null }) },
            { "NodeId[]", Variant.FromArray(BuiltInType.NodeId, new[] { new NodeId(85), new NodeId("a", 1) }) },
            { "ExpandedNodeId[]", Variant.FromArray(BuiltInType.ExpandedNodeId, new[] { new ExpandedNodeId(new NodeId(1)) }) },
            { "StatusCode[]", Variant.FromArray(BuiltInType.StatusCode, new[] { StatusCode.Good, StatusCode.Bad }) },
            { "QualifiedName[]", Variant.FromArray(BuiltInType.QualifiedName, new[] { new QualifiedName(1, "a") }) },
            { "LocalizedText[]", Variant.FromArray(BuiltInType.LocalizedText, new[] { new LocalizedText("en", "a") }) },
            { "ExtensionObject[]", Variant.FromArray(BuiltInType.ExtensionObject, new[] { new ExtensionObject(new NodeId(1), ExtensionObjectEncoding.None, ReadOnlyMemory<byte>.Empty) }) },
            { "DataValue[]", Variant.FromArray(BuiltInType.DataValue, new[] { new DataValue(new Variant(1)) }) },
            { "Variant[]", Variant.FromArray(BuiltInType.Variant, new[] { new Variant(1), new Variant("x"), Variant.FromArray(BuiltInType.Int32, new[] { 1 }) }) },
            { "DiagnosticInfo[]", Variant.FromArray(BuiltInType.DiagnosticInfo, new DiagnosticInfo[] { new() { AdditionalInfo = "x" } }) },
            { "Double matrix 2x3", Variant.FromArray(BuiltInType.Double, new[] { 1.0, 2, 3, 4, 5, 6 }, [2, 3]) },
        };
        return data;
    }

    [Theory]
    [MemberData(nameof(Variants))]
    public void Variant_round_trips(string name, Variant value)
    {
        using var encoder = new BinaryEncoder();
        encoder.WriteVariant(value);
        var bytes = encoder.ToArray();
        var decoder = new BinaryDecoder(bytes);
        var decoded = decoder.ReadVariant();

        Assert.True(value.Equals(decoded), $"{name}: wrote {value}, read {decoded}");
        Assert.Equal(0, decoder.Remaining);
        Assert.Equal(value.IsArray, decoded.IsArray);
    }

    [Fact]
    public void DataValue_with_every_field_round_trips()
    {
        var value = new DataValue(new Variant(42.0), StatusCode.Uncertain, new DateTime(2026, 1, 2, 3, 4, 5, DateTimeKind.Utc), new DateTime(2026, 1, 2, 3, 4, 6, DateTimeKind.Utc))
        {
            SourcePicoseconds = 5,
            ServerPicoseconds = 7,
        };
        using var encoder = new BinaryEncoder();
        encoder.WriteDataValue(value);
        Assert.Equal(0x3F, encoder.WrittenSpan[0]);
        var decoder = new BinaryDecoder(encoder.WrittenSpan);
        Assert.Equal(value, decoder.ReadDataValue());
    }

    [Theory]
    [InlineData("i=85", "0055")]
    [InlineData("ns=1;i=1025", "01010104")]
    [InlineData("ns=300;i=5", "022C0105000000")]
    [InlineData("ns=1;s=Hot", "030100030000004" + "86F74")]
    [InlineData("ns=2;g=72962b91-fa75-4ae6-8d28-b404dc7daf63", "040200912B967275FAE64A8D28B404DC7DAF63")]
    [InlineData("ns=1;b=AQI=", "0501000200000001" + "02")]
    public void NodeId_encodings_match_part_6(string text, string hex)
    {
        using var encoder = new BinaryEncoder();
        encoder.WriteNodeId(NodeId.Parse(text));
        Assert.Equal(hex, Convert.ToHexString(encoder.WrittenSpan));
        var decoder = new BinaryDecoder(Convert.FromHexString(hex));
        Assert.Equal(NodeId.Parse(text), decoder.ReadNodeId());
        Assert.Equal(text, NodeId.Parse(text).ToString());
    }

    [Fact]
    public void DateTime_is_ticks_since_1601_and_min_value_is_zero()
    {
        using var encoder = new BinaryEncoder();
        encoder.WriteDateTime(new DateTime(1601, 1, 1, 0, 0, 0, DateTimeKind.Utc).AddTicks(1));
        encoder.WriteDateTime(DateTime.MinValue);
        Assert.Equal("01000000000000000000000000000000", Convert.ToHexString(encoder.WrittenSpan));
    }

    [Fact]
    public void Strings_are_utf8_with_an_int32_length_and_null_is_minus_one()
    {
        using var encoder = new BinaryEncoder();
        encoder.WriteString("水Ab");
        encoder.WriteString(null);
        Assert.Equal("05000000E6B0B44162FFFFFFFF", Convert.ToHexString(encoder.WrittenSpan));
    }

    [Fact]
    public void ExpandedNodeId_with_namespace_uri_and_server_index_sets_both_flags()
    {
        var id = new ExpandedNodeId(new NodeId(5), "urn:x", 3);
        using var encoder = new BinaryEncoder();
        encoder.WriteExpandedNodeId(id);
        Assert.Equal(0xC0, encoder.WrittenSpan[0] & 0xC0);
        var decoder = new BinaryDecoder(encoder.WrittenSpan);
        Assert.Equal(id, decoder.ReadExpandedNodeId());
    }

    [Theory]
    [InlineData("")]
    [InlineData("x=1")]
    [InlineData("ns=a;i=1")]
    [InlineData("i=-1")]
    [InlineData("g=not-a-guid")]
    public void Bad_node_id_text_is_rejected_with_a_helpful_message(string text)
    {
        var error = Assert.Throws<FormatException>(() => NodeId.Parse(text));
        Assert.Contains("ns=2;s=", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Matrix_dimensions_must_match_the_element_count()
    {
        Assert.Throws<ArgumentException>(() => Variant.FromArray(BuiltInType.Double, new double[5], [2, 3]));
        Assert.Throws<ArgumentException>(() => Variant.FromArray(BuiltInType.Double, new int[5]));
    }

    [Fact]
    public void Numeric_variants_convert_to_double_without_boxing()
    {
        Assert.True(new Variant((ushort)7).TryGetDouble(out var d));
        Assert.Equal(7, d);
        Assert.False(new Variant("7").TryGetDouble(out _));
    }
}
