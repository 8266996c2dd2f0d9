namespace Twin.Contracts;

/// <summary>A rejected command: a stable machine-readable code (see <see cref="TwinErrorCodes"/>) and a sentence for people.</summary>
[GenerateSerializer, Immutable]
public sealed record TwinError(
    [property: Id(0)] string Code,
    [property: Id(1)] string Message)
{
    /// <summary>Whether this is bad input, an unknown twin or a business-rule conflict.</summary>
    public TwinErrorKind Kind => TwinErrorCodes.KindOf(Code);
}
