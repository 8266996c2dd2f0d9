namespace Twin.Erp.Tests.Outbox;

/// <summary>Tests that measure the live heap run alone: another test allocating at the same time is counted as theirs.</summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class HeapMeasurements
{
    public const string Name = "heap measurements";
}
