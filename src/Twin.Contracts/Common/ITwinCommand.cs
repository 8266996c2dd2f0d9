namespace Twin.Contracts;

/// <summary>
/// A command to a twin: what it asks plus the <see cref="CommandContext"/> every command carries (request id for
/// idempotency, correlation id, user). Lets the platform read the context of any command without knowing its type
/// (e.g. to put the correlation id on the log lines written while the twin handles it).
/// </summary>
public interface ITwinCommand
{
    CommandContext Context { get; }
}
