namespace SapSimulator.OData;

/// <summary>One OData request, from a plain HTTP request or a <c>$batch</c> part.</summary>
/// <param name="Method">GET or POST.</param>
/// <param name="Path">Entity set (and query after '?'), relative to the service root.</param>
/// <param name="Body">JSON body of a POST.</param>
public sealed record ODataOperation(string Method, string Path, string Body)
{
    public string EntitySet => Path.Split('?', 2)[0].Trim('/');

    public string Query => Path.Contains('?', StringComparison.Ordinal) ? Uri.UnescapeDataString(Path.Split('?', 2)[1]) : string.Empty;
}
