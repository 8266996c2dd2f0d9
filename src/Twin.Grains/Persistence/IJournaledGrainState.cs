namespace Twin.Grains.Persistence;

/// <summary>
/// A grain state with append-only parts that a journaling storage (<see cref="IJournalingGrainStorage"/>) keeps as
/// rows of their own, so a write costs what changed, not everything the grain remembers. The storage writes the
/// state's serialized form (which leaves these out), appends <see cref="Appended"/> and drops rows at or below the
/// <see cref="Cuts"/> in the same transaction, only if the state's version check passes; a read fills <see cref="Kept"/>.
/// </summary>
public interface IJournaledGrainState
{
    /// <summary>Rows new with this write.</summary>
    IReadOnlyList<JournalRow> Appended { get; }

    /// <summary>Rows that may be dropped with this write, per stream.</summary>
    IReadOnlyList<JournalCut> Cuts { get; }

    /// <summary>Set by a read: the rows the storage holds, by stream, oldest first.</summary>
    IReadOnlyList<JournalRow> Kept { get; set; }
}

/// <summary>
/// Marks a grain storage that keeps <see cref="IJournaledGrainState"/> rows. A grain writes its state in the split
/// form only to such a storage; any other storage (the embedded profile's memory storage) keeps the last written
/// state only and gets the whole form.
/// </summary>
public interface IJournalingGrainStorage;
