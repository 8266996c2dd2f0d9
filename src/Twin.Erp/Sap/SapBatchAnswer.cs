namespace Twin.Erp.Sap;

/// <summary>The answer to one part of a <c>$batch</c>: for a changeset, its first answer, or its one error answer.</summary>
/// <param name="Status">HTTP status inside the part (201, 400, ...).</param>
/// <param name="Body">The part's body (JSON, or an error body).</param>
/// <param name="SapMessage">The part's <c>sap-message</c> header (warnings), when present.</param>
internal sealed record SapBatchAnswer(int Status, string Body, string? SapMessage)
{
    public bool Succeeded => Status is >= 200 and < 300;
}
