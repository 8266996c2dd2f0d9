namespace Twin.OpcUa.Encoding;

/// <summary>Vendor diagnostic details attached to a result (Part 4 §7.12).</summary>
public sealed record DiagnosticInfo
{
    /// <summary>Index into the string table for the symbolic id.</summary>
    public int? SymbolicId { get; init; }
    /// <summary>Index into the string table for the namespace URI.</summary>
    public int? NamespaceUri { get; init; }
    /// <summary>Index into the string table for the locale.</summary>
    public int? Locale { get; init; }
    /// <summary>Index into the string table for the localized text.</summary>
    public int? LocalizedText { get; init; }
    /// <summary>Vendor-specific additional information.</summary>
    public string? AdditionalInfo { get; init; }
    /// <summary>Status code of the inner operation.</summary>
    public StatusCode? InnerStatusCode { get; init; }
    /// <summary>Nested diagnostics.</summary>
    public DiagnosticInfo? InnerDiagnosticInfo { get; init; }
}
