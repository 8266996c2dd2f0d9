namespace Twin.Domain;

/// <summary>The remembered outcome of one request id: a retry gets exactly this back.</summary>
public sealed record CommandOutcome(string RequestId, bool Succeeded, string? ErrorCode, string? Message, long Version)
{
    /// <summary>Set on the copy handed to a retry, never stored.</summary>
    public bool Duplicate { get; init; }

    /// <summary>Digest of the request that produced this outcome (null for requests from inside the cluster and
    /// outcomes stored before fingerprints existed): a retry must match it.</summary>
    public string? Fingerprint { get; init; }
}
