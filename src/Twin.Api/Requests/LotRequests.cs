using Twin.Contracts;

namespace Twin.Api.Requests;

/// <summary>Puts a lot on hold: QualityHold (default) or Blocked, with the reason and the person (else X-User / key name).</summary>
public sealed record HoldLotRequest(string Reason, StockStatus Status = StockStatus.QualityHold, string? User = null, string? RequestId = null) : ICommandBody;

/// <summary>Releases a held or blocked lot to unrestricted stock.</summary>
public sealed record ReleaseLotRequest(string Reason, string? User = null, string? RequestId = null) : ICommandBody;

/// <summary>Splits part of the lot's stock at a location into a new child lot.</summary>
public sealed record SplitLotRequest(string LocationId, string ChildLotId, decimal Quantity, string? RequestId = null) : ICommandBody;

/// <summary>Merges all of the lot's stock at a location into the target lot.</summary>
public sealed record MergeLotRequest(string LocationId, string TargetLotId, string? RequestId = null) : ICommandBody;
