namespace Twin.Api.Endpoints;

/// <summary>
/// The answer to an accepted command: the request id it was applied under, the twin's version after it,
/// whether this was a replay of an earlier identical request (nothing applied again), and the correlation id.
/// </summary>
public sealed record CommandAccepted(string RequestId, long Version, bool Duplicate, string CorrelationId);
