using System.Text.Json;

namespace Twin.Erp.Dynamics;

/// <summary>The text of a D365 error body (<c>{"Message":"…"}</c>, or an OData <c>{"error":{"message":"…"}}</c>), or the body itself.</summary>
internal static class D365Error
{
    public static string Describe(string body)
    {
        if (string.IsNullOrWhiteSpace(body))
        {
            return "(no text)";
        }

        try
        {
            using var json = JsonDocument.Parse(body);
            var root = json.RootElement;
            if (root.ValueKind == JsonValueKind.Object)
            {
                if (root.TryGetProperty("Message", out var message) && message.ValueKind == JsonValueKind.String)
                {
                    return message.GetString()!;
                }

                if (root.TryGetProperty("error", out var error) && error.ValueKind == JsonValueKind.Object
                    && error.TryGetProperty("message", out var text) && text.ValueKind == JsonValueKind.String)
                {
                    return text.GetString()!;
                }
            }
        }
        catch (JsonException)
        {
            // Not JSON: the body is the text.
        }

        return body;
    }
}
