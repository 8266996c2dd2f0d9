namespace Twin.Erp.Sap;

/// <summary>
/// What one exchange with SAP gave: an answer (status, body, headers that matter), or a failure that says whether the
/// request may have been processed (<see cref="MaybeProcessed"/>: it left, and no answer came back).
/// </summary>
internal sealed record SapReply
{
    public int Status { get; init; }

    public string ContentType { get; init; } = string.Empty;

    public string Body { get; init; } = string.Empty;

    /// <summary>SAP's <c>sap-message</c> header (warnings on a success), when present.</summary>
    public string? SapMessage { get; init; }

    public TimeSpan? RetryAfter { get; init; }

    /// <summary>A 403 that carried <c>X-CSRF-Token: Required</c>: the token or session expired, nothing was processed.</summary>
    public bool CsrfRequired { get; init; }

    /// <summary>Why no answer came, or null when one did.</summary>
    public string? Failure { get; init; }

    public bool MaybeProcessed { get; init; }

    public static SapReply NotSent(string reason) => new() { Failure = reason };

    public static SapReply Lost(string reason) => new() { Failure = reason, MaybeProcessed = true };
}
