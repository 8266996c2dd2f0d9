namespace Twin.Hosting.Storage;

/// <summary>One read, write or delete of a grain's state row, waiting in the group-commit queue for its batch.</summary>
internal sealed class StateOperation(StateOperationKind kind, string grainId, string stateName, long? etag, byte[]? payload)
{
    public StateOperationKind Kind { get; } = kind;
    public string GrainId { get; } = grainId;
    public string StateName { get; } = stateName;

    /// <summary>The version the caller last read (null: the caller saw no row).</summary>
    public long? ETag { get; } = etag;

    public byte[]? Payload { get; } = payload;

    /// <summary>Rows the statement touched (writes, deletes) or the row found (reads): set by the batch.</summary>
    public int RowsAffected { get; set; }

    public long? FoundETag { get; set; }

    public byte[]? FoundPayload { get; set; }

    public TaskCompletionSource Done { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
}

internal enum StateOperationKind
{
    Read,
    Write,
    Clear,
}
