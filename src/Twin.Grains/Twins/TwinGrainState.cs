namespace Twin.Grains.Twins;

/// <summary>
/// Persisted state of a twin grain. The twin's rules and data live in Twin.Domain, which must not depend on
/// Orleans, so the domain object is stored as System.Text.Json text: no CLR type names in storage (a rename
/// does not break old rows) and the same shape on memory and PostgreSQL storage. Outbox holds events written
/// with the change and not yet known to be published (persist before publish; republished on activation).
/// </summary>
[GenerateSerializer]
public sealed record TwinGrainState
{
    [Id(0)]
    public string? Twin { get; init; }

    [Id(1)]
    public IReadOnlyList<TwinEvent> Outbox { get; init; } = [];
}
