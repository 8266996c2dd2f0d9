namespace Twin.Contracts;

/// <summary>
/// What an admin registers: the receiver's URL and which events it wants. Empty lists mean "all": every event
/// type, every twin kind, every twin. Type and kind names are those of <see cref="EventNames"/>; a twin id matches
/// events published by that twin or naming it (<see cref="TwinEventSubjects"/>), as on the change feed.
/// </summary>
[GenerateSerializer, Immutable]
public sealed record WebhookSpec(
    [property: Id(0)] string Url,
    [property: Id(1)] IReadOnlyList<string> EventTypes,
    [property: Id(2)] IReadOnlyList<string> TwinKinds,
    [property: Id(3)] IReadOnlyList<string> TwinIds);
