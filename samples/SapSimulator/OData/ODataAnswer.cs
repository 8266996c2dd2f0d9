using System.Text.Json;

namespace SapSimulator.OData;

/// <summary>The answer to one OData operation: status, JSON body and SAP's warning header.</summary>
public sealed record ODataAnswer(int Status, string Body, string? SapMessage = null)
{
    private static readonly JsonSerializerOptions Json = new() { PropertyNamingPolicy = null };

    public bool Succeeded => Status is >= 200 and < 300;

    public static ODataAnswer Entity(int status, object entity) => new(status, JsonSerializer.Serialize(new { d = entity }, Json));

    public static ODataAnswer List(IEnumerable<object> entities) => new(200, JsonSerializer.Serialize(new { d = new { results = entities } }, Json));

    /// <summary>SAP's error body: message id "class/number", text, and the same as one error-severity detail.</summary>
    public static ODataAnswer Error(int status, string messageId, string text) => new(status, JsonSerializer.Serialize(new
    {
        error = new
        {
            code = messageId,
            message = new { lang = "en", value = text },
            innererror = new
            {
                transactionid = Guid.NewGuid().ToString("N").ToUpperInvariant(),
                errordetails = new[] { new { code = messageId, message = text, propertyref = string.Empty, severity = "error", target = string.Empty } },
            },
        },
    }, Json));
}
