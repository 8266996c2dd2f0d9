namespace Twin.Erp.Dynamics;

/// <summary>
/// What came back from one request to D365. <see cref="Failure"/> set: no answer; <see cref="Sent"/> says whether the
/// request may have reached D365 (a timeout or reset after it left) or certainly did not (the token could not be had).
/// </summary>
internal sealed record D365Reply(int Status, string Body, TimeSpan? RetryAfter, string? Failure, bool Sent)
{
    public static D365Reply NotSent(string failure) => new(0, string.Empty, null, failure, Sent: false);

    public static D365Reply Lost(string failure) => new(0, string.Empty, null, failure, Sent: true);
}
