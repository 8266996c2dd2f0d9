namespace Twin.Contracts;

/// <summary>What a plant's ERP queue holds that the KPIs report: late confirmations and refused goods movements.</summary>
/// <param name="DelayedConfirmations">Production confirmations queued longer than asked.</param>
/// <param name="UnpostedGoodsMovements">Dead-lettered goods movements per document kind.</param>
/// <param name="DeadLetters">Dead letters of every kind.</param>
/// <param name="Capped">More was queued or dead-lettered than the count reads: the figures are lower bounds.</param>
[GenerateSerializer, Immutable]
public sealed record ErpKpiCounts(
    [property: Id(0)] long DelayedConfirmations,
    [property: Id(1)] IReadOnlyDictionary<string, long> UnpostedGoodsMovements,
    [property: Id(2)] long DeadLetters,
    [property: Id(3)] bool Capped);
