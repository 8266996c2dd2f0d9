namespace Twin.Erp.Outbox;

/// <summary>What an outbox reports about itself, e.g. per plant over REST.</summary>
public sealed record ErpOutboxFigures
{
    public required int PendingCount { get; init; }

    /// <summary>Of the pending, how many are being posted right now.</summary>
    public required int InFlightCount { get; init; }

    /// <summary>Age of the oldest pending transaction; null when none is pending.</summary>
    public required TimeSpan? OldestPendingAge { get; init; }

    public required int DeadLetterCount { get; init; }

    public required long Posted { get; init; }

    public required long Retried { get; init; }

    public required long DeadLettered { get; init; }

    public required long Replayed { get; init; }

    public required long Duplicates { get; init; }

    public required long Refused { get; init; }

    /// <summary>True when the next offer would be refused.</summary>
    public required bool IsFull { get; init; }
}
