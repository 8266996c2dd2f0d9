using System.Text.Json.Serialization;
using Twin.Grains.Persistence;

namespace Twin.Grains.Twins;

/// <summary>
/// Persisted state of a twin grain. The twin's rules and data live in Twin.Domain, which must not depend on
/// Orleans, so the domain object is stored as System.Text.Json text: no CLR type names in storage (a rename
/// does not break old rows) and the same shape on memory and PostgreSQL storage. Outbox holds events written
/// with the change and not yet known to be published (persist before publish; republished on activation).
/// On a journaling storage (PostgreSQL) a twin that uses it writes its own fields in <see cref="Twin"/> and its
/// request ledger and history as journal rows (<see cref="TwinStore{T}"/>); the rows are not part of the JSON.
/// </summary>
[GenerateSerializer]
public sealed record TwinGrainState : IJournaledGrainState
{
    [Id(0)]
    public string? Twin { get; init; }

    [Id(1)]
    public IReadOnlyList<TwinEvent> Outbox { get; init; } = [];

    [Id(2)]
    [JsonIgnore]
    public IReadOnlyList<JournalRow> Appended { get; init; } = [];

    [Id(3)]
    [JsonIgnore]
    public IReadOnlyList<JournalCut> Cuts { get; init; } = [];

    [Id(4)]
    [JsonIgnore]
    public IReadOnlyList<JournalRow> Kept { get; set; } = [];
}
