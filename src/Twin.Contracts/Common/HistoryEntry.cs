namespace Twin.Contracts;

/// <summary>One line of a twin's bounded history: what changed, when, by which command or event, for which correlation.</summary>
[GenerateSerializer, Immutable]
public sealed record HistoryEntry(
    [property: Id(0)] long Sequence,
    [property: Id(1)] DateTimeOffset At,
    [property: Id(2)] string Command,
    [property: Id(3)] string Change,
    [property: Id(4)] string? RequestId,
    [property: Id(5)] string CorrelationId,
    [property: Id(6)] string? User,
    [property: Id(7)] bool Succeeded);
