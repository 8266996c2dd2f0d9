namespace Twin.Contracts;

/// <summary>
/// What every command carries besides its payload: the caller's request id (a retry with the same id
/// returns the first outcome and applies nothing twice), the correlation id that follows the work from
/// the first OPC UA notification or API request to the ERP, the user, and the event that caused it.
/// <see cref="Fingerprint"/> is a digest of what was asked (route and body): a request id sent again with a
/// different fingerprint is a misuse of the id, refused with <c>idempotency-key-reused</c>, not a retry.
/// </summary>
[GenerateSerializer, Immutable]
public sealed record CommandContext(
    [property: Id(0)] string RequestId,
    [property: Id(1)] string CorrelationId,
    [property: Id(2)] string? User = null,
    [property: Id(3)] string? CausationId = null,
    [property: Id(4)] string? Fingerprint = null)
{
    /// <summary>A context for a follow-up command one twin sends another on behalf of this one;
    /// the request id is derived deterministically so a retried parent never applies the child twice.</summary>
    public CommandContext Derive(string step) =>
        new($"{RequestId}/{step}", CorrelationId, User, RequestId); // no fingerprint: the parent's request was checked
}
