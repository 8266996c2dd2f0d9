namespace Twin.OpcUa.Encoding;

/// <summary>
/// Upper bounds the decoder enforces before it allocates anything, so hostile or broken bytes
/// cannot make us allocate without limit.
/// </summary>
public sealed record DecodingLimits
{
    /// <summary>Defaults sized for shop-floor traffic (16 MiB messages).</summary>
    public static readonly DecodingLimits Default = new();

    /// <summary>Longest String in bytes.</summary>
    public int MaxStringLength { get; init; } = 1 << 20;
    /// <summary>Longest ByteString in bytes.</summary>
    public int MaxByteStringLength { get; init; } = 16 << 20;
    /// <summary>Most elements in one array.</summary>
    public int MaxArrayLength { get; init; } = 1 << 20;
    /// <summary>Deepest nesting of Variants, DataValues and DiagnosticInfos.</summary>
    public int MaxNestingDepth { get; init; } = 32;
}
