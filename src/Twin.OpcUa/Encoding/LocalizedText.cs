namespace Twin.OpcUa.Encoding;

/// <summary>Human-readable text with an optional locale such as "en-US".</summary>
/// <param name="Locale">Locale id or null.</param>
/// <param name="Text">The text or null.</param>
public readonly record struct LocalizedText(string? Locale, string? Text)
{
    /// <summary>Text without locale.</summary>
    public static implicit operator LocalizedText(string? text) => new(null, text);

    /// <summary>The text.</summary>
    public override string ToString() => Text ?? string.Empty;
}
