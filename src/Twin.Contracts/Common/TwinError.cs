namespace Twin.Contracts;

/// <summary>
/// A rejected command: a stable machine-readable code (see <see cref="TwinErrorCodes"/>) and a sentence for people;
/// for a value outside its limit (<see cref="LimitViolation"/>) also the field and the limit, so a plant app can point
/// its user at what was wrong.
/// </summary>
[GenerateSerializer, Immutable]
public sealed record TwinError(
    [property: Id(0)] string Code,
    [property: Id(1)] string Message,
    [property: Id(2)] string? Field = null,
    [property: Id(3)] string? Limit = null)
{
    /// <summary>Whether this is bad input, an unknown twin or a business-rule conflict.</summary>
    public TwinErrorKind Kind => TwinErrorCodes.KindOf(Code);
}
