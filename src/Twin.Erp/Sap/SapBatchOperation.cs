namespace Twin.Erp.Sap;

/// <summary>
/// One request inside a <c>$batch</c>: a POST goes in its own changeset (one business document, all or nothing);
/// a GET (a lookup) is a retrieve part outside any changeset.
/// </summary>
/// <param name="Method">"POST" or "GET".</param>
/// <param name="RelativeUrl">Entity set and query, relative to the service root, already URL-encoded.</param>
/// <param name="JsonBody">Body of a POST.</param>
internal sealed record SapBatchOperation(string Method, string RelativeUrl, string? JsonBody = null)
{
    public bool InChangeset => Method == "POST";
}
