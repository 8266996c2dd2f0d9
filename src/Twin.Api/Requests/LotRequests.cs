using Twin.Contracts;

namespace Twin.Api.Requests;

/// <summary>Puts a lot on hold: QualityHold (default) or Blocked, with the reason and the person (else X-User / key name);
/// a QMS adds its own reason code (optional, at most <see cref="ReasonCodeLength"/> characters).</summary>
public sealed record HoldLotRequest(string Reason, StockStatus Status = StockStatus.QualityHold, string? User = null, string? RequestId = null,
    string? ReasonCode = null) : ICommandBody
{
    /// <summary>Longest reason code (the command limit the silo holds every hold and release to).</summary>
    public const int ReasonCodeLength = CommandLimits.MaxReasonCodeLength;
}

/// <summary>Releases a held or blocked lot to unrestricted stock (reason code as on the hold).</summary>
public sealed record ReleaseLotRequest(string Reason, string? User = null, string? RequestId = null, string? ReasonCode = null) : ICommandBody;

/// <summary>Splits part of the lot's stock at a location into a new child lot.</summary>
public sealed record SplitLotRequest(string LocationId, string ChildLotId, decimal Quantity, string? RequestId = null) : ICommandBody;

/// <summary>Merges all of the lot's stock at a location into the target lot.</summary>
public sealed record MergeLotRequest(string LocationId, string TargetLotId, string? RequestId = null) : ICommandBody;
