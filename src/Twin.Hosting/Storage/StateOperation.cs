using Twin.Grains.Persistence;

namespace Twin.Hosting.Storage;

/// <summary>One read, write or delete of a grain's state row, waiting in the group-commit queue for its batch.</summary>
internal sealed class StateOperation(StateOperationKind kind, string grainId, string stateName, long? etag, byte[]? payload,
    IReadOnlyList<JournalRow>? appended = null, IReadOnlyList<JournalCut>? cuts = null)
{
    public StateOperationKind Kind { get; } = kind;
    public string GrainId { get; } = grainId;
    public string StateName { get; } = stateName;

    /// <summary>The version the caller last read (null: the caller saw no row).</summary>
    public long? ETag { get; } = etag;

    public byte[]? Payload { get; } = payload;

    /// <summary>Journal rows to append with a write (null: the grain's state has no journal, or nothing changed in it).</summary>
    public IReadOnlyList<JournalRow>? Appended { get; } = appended;

    /// <summary>Journal rows to drop with a write, per stream.</summary>
    public IReadOnlyList<JournalCut>? Cuts { get; } = cuts;

    /// <summary>Rows the statement touched (writes, deletes) or the row found (reads): set by the batch.</summary>
    public int RowsAffected { get; set; }

    public long? FoundETag { get; set; }

    public byte[]? FoundPayload { get; set; }

    /// <summary>The journal rows found by a read, by stream, oldest first.</summary>
    public IReadOnlyList<JournalRow> FoundJournal { get; set; } = [];

    public TaskCompletionSource Done { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
}

internal enum StateOperationKind
{
    Read,
    Write,
    Clear,
}
