namespace Twin.Contracts;

/// <summary>
/// A command value outside its bound: the kind of limit (<see cref="TwinErrorCodes.ValueTooLong"/>,
/// <see cref="TwinErrorCodes.TooManyValues"/> or <see cref="TwinErrorCodes.ValueOutOfRange"/>), the field in the
/// REST body's spelling (<c>routing[3].workCentre</c>, the same name an SDK caller sees), the limit and a sentence.
/// </summary>
public sealed record LimitViolation(string Code, string Field, string Limit, string Message)
{
    /// <summary>The rejection a twin answers for it.</summary>
    public TwinError ToError() => new(Code, Message, Field, Limit);
}
