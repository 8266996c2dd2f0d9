namespace Twin.Domain;

/// <summary>Who asked for a change: request id for idempotency, correlation id for tracing, user for audit.</summary>
public sealed record CommandMeta(string RequestId, string CorrelationId, string? User = null, string? CausationId = null, string? Fingerprint = null);
