using System.Text.Json;

namespace Twin.Erp.Sap;

/// <summary>
/// SAP's error body read for classification: <c>error.code</c> (message id, "class/number"), <c>error.message.value</c>
/// and the error-severity entries of <c>innererror.errordetails</c>. A body that is not SAP's JSON keeps its text.
/// </summary>
internal sealed record SapError(string? MessageId, string Text, IReadOnlyList<(string? Code, string Text)> Details)
{
    private const int MaxTextLength = 1000;

    public static SapError Parse(string body)
    {
        try
        {
            using var document = JsonDocument.Parse(body);
            if (document.RootElement.ValueKind == JsonValueKind.Object && document.RootElement.TryGetProperty("error", out var error))
            {
                var code = Field(error, "code");
                var message = error.TryGetProperty("message", out var m)
                    ? m.ValueKind == JsonValueKind.String ? m.GetString() : Field(m, "value")
                    : null;
                var details = new List<(string?, string)>();
                if (error.TryGetProperty("innererror", out var inner) && inner.TryGetProperty("errordetails", out var list) && list.ValueKind == JsonValueKind.Array)
                {
                    foreach (var detail in list.EnumerateArray())
                    {
                        var severity = Field(detail, "severity");
                        if (severity is null || severity.Equals("error", StringComparison.OrdinalIgnoreCase) || severity.Equals("abort", StringComparison.OrdinalIgnoreCase))
                        {
                            details.Add((Field(detail, "code"), Field(detail, "message") ?? string.Empty));
                        }
                    }
                }

                return new SapError(code, Truncate(message ?? "SAP gave no message text"), details);
            }
        }
        catch (JsonException)
        {
            // An HTML or XML error page: its text is all there is.
        }

        return new SapError(null, Truncate(string.IsNullOrWhiteSpace(body) ? "(no error text)" : body.Trim()), []);
    }

    /// <summary>Message ids of the error and its details, most specific last.</summary>
    public IEnumerable<string> MessageIds => Details.Select(d => d.Code).Prepend(MessageId).OfType<string>();

    /// <summary>"id: text" of the error and its distinct details, for a dead letter.</summary>
    public string Describe()
    {
        var lines = new List<string> { MessageId is null ? Text : $"{MessageId}: {Text}" };
        foreach (var (code, text) in Details)
        {
            var line = code is null ? text : $"{code}: {text}";
            if (!lines.Contains(line, StringComparer.Ordinal))
            {
                lines.Add(line);
            }
        }

        return Truncate(string.Join(" | ", lines));
    }

    private static string? Field(JsonElement element, string name) =>
        element.ValueKind == JsonValueKind.Object && element.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;

    private static string Truncate(string text) => text.Length <= MaxTextLength ? text : text[..MaxTextLength] + "…";
}
