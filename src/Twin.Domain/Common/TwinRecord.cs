namespace Twin.Domain;

/// <summary>
/// What every twin shares: a version that grows with each applied change, the request ledger that makes
/// commands idempotent, and the bounded history. Rules validate before they mutate, so a rejected
/// command leaves the twin exactly as it was.
/// </summary>
public abstract class TwinRecord
{
    public long Version { get; set; }

    public RequestLedger Ledger { get; set; } = new();

    public TwinHistory History { get; set; } = new();

    /// <summary>Sets the bounds from configuration (they are not part of the rules).</summary>
    public void ApplyLimits(int historyCapacity, int ledgerCapacity)
    {
        History.Capacity = historyCapacity;
        Ledger.Capacity = ledgerCapacity;
    }

    /// <summary>
    /// The first outcome of a request id seen before, marked as a duplicate; null for a new request. When the
    /// request id was first used for a different request (its fingerprint differs), the answer is a rejection
    /// <see cref="DomainErrors.IdempotencyKeyReused"/> that is neither applied nor remembered: replaying the first
    /// answer would tell the caller a command it never sent had succeeded.
    /// </summary>
    public CommandOutcome? Replay(CommandMeta meta)
    {
        if (!Ledger.TryGet(meta.RequestId, out var prior))
        {
            return null;
        }

        if (prior.Fingerprint is { } first && meta.Fingerprint is { } now && !string.Equals(first, now, StringComparison.Ordinal))
        {
            return new CommandOutcome(meta.RequestId, false, DomainErrors.IdempotencyKeyReused,
                $"Request id '{meta.RequestId}' was already used for a different request to this twin; a retry must repeat the same request. Use a new request id for a new command.", Version);
        }

        return prior with { Duplicate = true };
    }

    /// <summary>
    /// Runs <paramref name="apply"/> once per request id. It returns a sentence describing the change, or throws
    /// <see cref="DomainRuleException"/>; both outcomes are remembered and written to history.
    /// </summary>
    public CommandOutcome Execute(CommandMeta meta, DateTimeOffset now, string command, Func<string> apply)
    {
        if (Replay(meta) is { } prior)
        {
            return prior;
        }
        try
        {
            var change = apply();
            Version++;
            var ok = new CommandOutcome(meta.RequestId, true, null, null, Version) { Fingerprint = meta.Fingerprint };
            Ledger.Remember(ok);
            History.Append(now, command, change, meta, succeeded: true);
            return ok;
        }
        catch (DomainRuleException rule)
        {
            return Reject(meta, now, command, rule.Code, rule.Message);
        }
    }

    /// <summary>Remembers a rejection decided outside the rules (e.g. another twin refused its part).</summary>
    public CommandOutcome Reject(CommandMeta meta, DateTimeOffset now, string command, string code, string message)
    {
        if (Replay(meta) is { } prior)
        {
            return prior;
        }
        var failed = new CommandOutcome(meta.RequestId, false, code, message, Version) { Fingerprint = meta.Fingerprint };
        Ledger.Remember(failed);
        History.Append(now, command, $"rejected ({code}): {message}", meta, succeeded: false);
        return failed;
    }

    /// <summary>Records a change that is not a command (a signal batch, a status push) in history.</summary>
    public void Note(CommandMeta meta, DateTimeOffset now, string source, string change, bool withRequestId = true)
    {
        Version++;
        History.Append(now, source, change, meta, succeeded: true, withRequestId);
    }

    /// <summary>Correlation id of the newest history entry (to carry on follow-up work such as re-sent pushes).</summary>
    public string CorrelationOfLastChange() => History.Lines.Count > 0 ? History.Lines[^1].CorrelationId : "";
}
