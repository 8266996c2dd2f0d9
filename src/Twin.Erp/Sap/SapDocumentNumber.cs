using System.Text.Json;

namespace Twin.Erp.Sap;

/// <summary>Reads SAP's document number from a created entity (<c>{"d":{...}}</c>) or the first hit of a lookup (<c>{"d":{"results":[...]}}</c>).</summary>
internal static class SapDocumentNumber
{
    /// <summary>"group/count" of a confirmation, "number/year" of a material document; null when the body names neither.</summary>
    public static string? OfCreated(SapService service, string body) =>
        WithEntity(body, entity => Number(service, entity));

    /// <summary>Whether a lookup found the document, and its number.</summary>
    public static (bool Found, string? Number) OfLookup(SapService service, string body)
    {
        var found = false;
        var number = WithEntity(body, d =>
        {
            if (!d.TryGetProperty("results", out var results) || results.ValueKind != JsonValueKind.Array)
            {
                throw new FormatException("a lookup answer has no results list");
            }

            var first = results.EnumerateArray().FirstOrDefault();
            found = first.ValueKind == JsonValueKind.Object;
            return found ? Number(service, first) : null;
        });
        return (found, number);
    }

    private static string? WithEntity(string body, Func<JsonElement, string?> read)
    {
        try
        {
            using var document = JsonDocument.Parse(body);
            return document.RootElement.TryGetProperty("d", out var d) ? read(d) : throw new FormatException("an OData answer has no 'd'");
        }
        catch (JsonException ex)
        {
            throw new FormatException($"an OData answer is not JSON: {ex.Message}", ex);
        }
    }

    private static string? Number(SapService service, JsonElement entity)
    {
        var (first, second) = service == SapService.Confirmation ? ("ConfirmationGroup", "ConfirmationCount") : ("MaterialDocument", "MaterialDocumentYear");
        return Text(entity, first) is { } a ? Text(entity, second) is { } b ? $"{a}/{b}" : a : null;
    }

    private static string? Text(JsonElement entity, string name) =>
        entity.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;
}
