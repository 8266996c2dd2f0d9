namespace Twin.Domain;

/// <summary>What changed, when, by which command or event, for which correlation id and user.</summary>
public sealed record HistoryLine(
    long Sequence,
    DateTimeOffset At,
    string Command,
    string Change,
    string? RequestId,
    string CorrelationId,
    string? User,
    bool Succeeded);
