namespace Twin.Contracts;

/// <summary>
/// One workflow's latency objective over the sliding window (<c>Twin:Objectives:Window</c>): each latency measured end
/// to end from the source time stamp. <paramref name="Status"/> is <c>met</c> when at least <paramref name="Target"/> of
/// them were within <paramref name="ObjectiveSeconds"/>, <c>missed</c> otherwise, <c>no-data</c> when none was measured.
/// Percentiles are read from a fixed-bucket histogram (interpolated inside a bucket); null without data.
/// </summary>
[GenerateSerializer, Immutable]
public sealed record ObjectiveReport(
    [property: Id(0)] string Workflow,
    [property: Id(1)] string Status,
    [property: Id(2)] double ObjectiveSeconds,
    [property: Id(3)] double Target,
    [property: Id(4)] double WindowSeconds,
    [property: Id(5)] long Count,
    [property: Id(6)] long Met,
    [property: Id(7)] long Missed,
    [property: Id(8)] double Compliance,
    [property: Id(9)] double? P50Seconds,
    [property: Id(10)] double? P90Seconds,
    [property: Id(11)] double? P99Seconds,
    [property: Id(12)] double? MaxSeconds);

/// <summary>Latencies one silo measured for one workflow of one plant since its last report, in the fixed buckets of the objectives' histogram.</summary>
[GenerateSerializer, Immutable]
public sealed record LatencyCounts(
    [property: Id(0)] string Workflow,
    [property: Id(1)] IReadOnlyList<long> Buckets,
    [property: Id(2)] long Met,
    [property: Id(3)] long Missed,
    [property: Id(4)] double SumSeconds,
    [property: Id(5)] double MaxSeconds);
