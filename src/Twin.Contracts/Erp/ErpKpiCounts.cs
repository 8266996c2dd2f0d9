namespace Twin.Contracts;

/// <summary>What a plant's ERP queue holds that the KPIs report: late confirmations and refused goods movements.</summary>
/// <param name="DelayedConfirmations">Production confirmations queued longer than asked: documents in the queue plus
/// <paramref name="DelayedInOpenWindows"/>.</param>
/// <param name="UnpostedGoodsMovements">Dead-lettered goods movements per document kind.</param>
/// <param name="DeadLetters">Dead letters of every kind.</param>
/// <param name="Capped">More was queued or dead-lettered than the count reads: the figures are lower bounds.</param>
/// <param name="DelayedInOpenWindows">Production reports staged in a posting window that is still open (no ERP document
/// exists for them yet) for longer than asked.</param>
[GenerateSerializer, Immutable]
public sealed record ErpKpiCounts(
    [property: Id(0)] long DelayedConfirmations,
    [property: Id(1)] IReadOnlyDictionary<string, long> UnpostedGoodsMovements,
    [property: Id(2)] long DeadLetters,
    [property: Id(3)] bool Capped,
    [property: Id(4)] long DelayedInOpenWindows = 0);
