namespace Twin.Domain.Lots;

/// <summary>
/// A hold or release the plant's systems (QMS, WMS) still have to be told of, with where the lot's stock stands.
/// Kept in the lot twin from the command that placed or lifted the hold until every location holding the lot has
/// answered how much of it it holds; a crash in between leaves it owed, and the next activation sends it.
/// </summary>
public sealed record OwedQualityInstruction(
    string RequestId,
    string CorrelationId,
    bool Hold,
    LotStatus Status,
    string Reason,
    string? ReasonCode,
    string User,
    DateTimeOffset At);

/// <summary>How much of a lot one location holds; null when the location could not be asked.</summary>
public sealed record LotQuantityAt(string LocationId, decimal? Quantity);

/// <summary>The QMS side of a hold: its reason code and the locations a hold or release instruction names.</summary>
public static class QualityInstructions
{
    /// <summary>Longest QMS reason code (a defect or notification code, e.g. <c>QN-2026-00042</c> or <c>DEF/12</c>).</summary>
    public const int MaxReasonCodeLength = 64;

    /// <summary>Refuses a reason code that is blank, too long or holds control characters; null passes (not given).</summary>
    public static void CheckReasonCode(string? code)
    {
        if (code is null)
        {
            return;
        }
        DomainErrors.Require(!string.IsNullOrWhiteSpace(code), DomainErrors.InvalidCommand, "A reason code, when given, must not be blank.");
        DomainErrors.Require(code.Length <= MaxReasonCodeLength, DomainErrors.InvalidCommand,
            $"Reason code has {code.Length} characters; at most {MaxReasonCodeLength} are allowed.");
        DomainErrors.Require(!code.Any(char.IsControl), DomainErrors.InvalidCommand, "Reason code contains control characters.");
    }

    /// <summary>
    /// The locations an instruction names: every location that holds some of the lot, in the order the lot came to
    /// them; one that could not be asked is named with an unknown quantity (the hold is in force there as soon as it
    /// hears of it, so the WMS should look); one that holds none of it any more is left out.
    /// </summary>
    public static IReadOnlyList<LotQuantityAt> Where(IEnumerable<LotQuantityAt> answers) =>
        [.. answers.Where(a => a.Quantity is null || a.Quantity > 0)];
}
