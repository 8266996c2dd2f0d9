namespace Twin.Api.Requests;

/// <summary>
/// A command body. <see cref="RequestId"/> is the body alternative to the <c>Idempotency-Key</c> header,
/// for clients that cannot set headers (some scanner and PLC HTTP stacks).
/// </summary>
public interface ICommandBody
{
    /// <summary>The caller's request id; a retry with the same id returns the first outcome.</summary>
    string? RequestId { get; }
}
