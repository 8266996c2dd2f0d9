namespace Twin.Grains.Persistence;

/// <summary>
/// One appended row of a grain state's journal: <paramref name="Stream"/> tells the journals of one grain apart
/// (a twin's ledger and its history), <paramref name="Sequence"/> orders the rows of a stream, the payload is JSON.
/// </summary>
[GenerateSerializer]
public sealed record JournalRow([property: Id(0)] short Stream, [property: Id(1)] long Sequence, [property: Id(2)] byte[] Payload);

/// <summary>Rows of <paramref name="Stream"/> numbered at or below <paramref name="UpTo"/> are no longer needed.</summary>
[GenerateSerializer]
public sealed record JournalCut([property: Id(0)] short Stream, [property: Id(1)] long UpTo);
