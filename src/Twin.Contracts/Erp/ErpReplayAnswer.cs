namespace Twin.Contracts;

/// <summary>What became of a request to replay a dead letter.</summary>
public enum ErpReplayAnswer
{
    /// <summary>Back in the queue; it goes out with the next batch.</summary>
    Replayed = 0,

    /// <summary>No dead letter has that idempotency key.</summary>
    NotFound = 1,

    /// <summary>The queue is full; try again when it has drained.</summary>
    QueueFull = 2,
}
