namespace Twin.Erp.Outbox;

/// <summary>What became of a request to replay one dead letter.</summary>
public enum ErpReplayResult
{
    /// <summary>Back in the pending queue; it will be posted with the next batch.</summary>
    Replayed,

    /// <summary>No dead letter has that idempotency key.</summary>
    NotFound,

    /// <summary>The pending queue is full; try again when it has drained.</summary>
    Full,
}
