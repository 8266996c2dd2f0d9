namespace Twin.Contracts;

/// <summary>
/// The outcome of a twin command. A retry with the same request id gets the first outcome back with
/// <see cref="Duplicate"/> set, whether that outcome was a success or a rejection.
/// </summary>
[GenerateSerializer, Immutable]
public sealed record CommandResult(
    [property: Id(0)] string RequestId,
    [property: Id(1)] bool Succeeded,
    [property: Id(2)] TwinError? Error,
    [property: Id(3)] long Version,
    [property: Id(4)] bool Duplicate = false)
{
    /// <summary>A successful outcome at the twin's new version.</summary>
    public static CommandResult Ok(string requestId, long version) => new(requestId, true, null, version);

    /// <summary>A rejected outcome; nothing was applied.</summary>
    public static CommandResult Fail(string requestId, string code, string message, long version) =>
        new(requestId, false, new TwinError(code, message), version);
}
