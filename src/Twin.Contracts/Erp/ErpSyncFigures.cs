namespace Twin.Contracts;

/// <summary>What a plant's ERP synchronisation reports about itself.</summary>
[GenerateSerializer, Immutable]
public sealed record ErpSyncFigures(
    [property: Id(0)] string Plant,
    [property: Id(1)] int PendingCount,
    [property: Id(2)] TimeSpan? OldestPendingAge,
    [property: Id(3)] long Posted,
    [property: Id(4)] long Retried,
    [property: Id(5)] long DeadLettered,
    [property: Id(6)] int DeadLetterCount,
    [property: Id(7)] long Replayed,
    [property: Id(8)] long Duplicates,
    [property: Id(9)] long NotForErp,
    [property: Id(10)] DateTimeOffset? LastPostedAt,
    [property: Id(11)] string? LastFailure,
    [property: Id(12)] bool ConnectorConfigured,
    [property: Id(13)] int InFlightCount,
    [property: Id(14)] long Refused,
    [property: Id(15)] long StagedSources = 0,
    [property: Id(16)] long SourcesBooked = 0);
