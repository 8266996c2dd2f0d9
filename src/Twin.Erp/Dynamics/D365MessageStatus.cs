using System.Text.Json;

namespace Twin.Erp.Dynamics;

/// <summary>Where a message stands in D365's message processor.</summary>
internal enum D365MessageState
{
    /// <summary>D365 has no message with our key.</summary>
    NotFound,

    /// <summary>Waiting for, or inside, the processing batch job.</summary>
    Queued,

    Processed,

    /// <summary>The batch job gave up on it (after its retries): the log says why.</summary>
    Failed,
}

/// <summary>The status lookup's answer: <c>{"Status":"Processed","MessageId":"…","Log":"…"}</c>.</summary>
internal sealed record D365MessageStatus(D365MessageState State, string? MessageId, string? Log)
{
    public static D365MessageStatus Parse(string body)
    {
        try
        {
            using var json = JsonDocument.Parse(body);
            var root = json.RootElement;
            var status = Text(root, "Status");
            var state = status?.ToUpperInvariant() switch
            {
                "PROCESSED" => D365MessageState.Processed,
                "FAILED" => D365MessageState.Failed,
                "NOTFOUND" or "" or null => D365MessageState.NotFound,
                _ => D365MessageState.Queued, // Queued, Processing, Waiting — not final yet.
            };
            return new D365MessageStatus(state, Text(root, "MessageId"), Text(root, "Log"));
        }
        catch (JsonException ex)
        {
            throw new FormatException($"the message status answer is not JSON: {ex.Message}", ex);
        }
    }

    private static string? Text(JsonElement root, string name) =>
        root.ValueKind == JsonValueKind.Object && root.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;
}
