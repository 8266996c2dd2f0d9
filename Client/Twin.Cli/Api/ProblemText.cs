using System.Text.Json;

namespace Twin.Cli.Api;

/// <summary>
/// Turns a refusal by the silo into one line: the problem's detail (written for people) with its stable code,
/// plus what to do where the silo cannot know it (which environment variable holds the key, where the log is).
/// </summary>
internal static class ProblemText
{
    private const string UnknownRoute = "unknown-route";

    /// <summary>Whether a 404 says the thing asked for does not exist (e.g. <c>machine-not-found</c>), not that the route is unknown.</summary>
    public static bool IsNotFound(CliFailure failure) =>
        failure.Status == 404 && failure.Code is { } code && code.EndsWith("-not-found", StringComparison.Ordinal);

    public static CliFailure Of(HttpResponseMessage response, string body, Uri silo)
    {
        var status = (int)response.StatusCode;
        var (code, detail, correlationId) = Read(body);
        var codeText = code is null ? $"{status}" : $"{status} {code}";
        var message = status switch
        {
            401 => $"The silo at {silo} refused the API key ({codeText}); set {CliEnvironment.ApiKeyVariable} to a key configured on that silo.",
            403 => $"{detail ?? "The key may not do this."} ({codeText}); use a key with the role or plant this needs.",
            // No route at all (an address that is not the API, or a silo older than this tool): no twin is "not found".
            404 when code is null or UnknownRoute => $"The silo at {silo} has no {response.RequestMessage?.RequestUri?.AbsolutePath} ({codeText}); check --url and that the silo runs this version of Twin.",
            >= 500 => $"The silo answered {codeText}: {detail ?? response.ReasonPhrase}; its log has the cause (correlation id {correlationId ?? Header(response, "X-Correlation-Id") ?? "-"}).",
            _ => $"{detail ?? response.ReasonPhrase} ({codeText})",
        };
        return new CliFailure(OneLine(message)) { Status = status, Code = code };
    }

    private static (string? Code, string? Detail, string? CorrelationId) Read(string body)
    {
        try
        {
            using var document = JsonDocument.Parse(body);
            var root = document.RootElement;
            return root.ValueKind != JsonValueKind.Object
                ? (null, null, null)
                : (Text(root, "code"), Text(root, "detail") ?? Text(root, "title"), Text(root, "correlationId"));
        }
        catch (JsonException)
        {
            return (null, null, null);
        }
    }

    private static string? Text(JsonElement root, string name) =>
        root.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;

    private static string? Header(HttpResponseMessage response, string name) =>
        response.Headers.TryGetValues(name, out var values) ? values.FirstOrDefault() : null;

    private static string OneLine(string text) => text.ReplaceLineEndings(" ");
}
