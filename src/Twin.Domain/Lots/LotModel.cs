namespace Twin.Domain.Lots;

/// <summary>Stock status (same names and values as the contract enum).</summary>
public enum LotStatus
{
    Unrestricted = 0,
    QualityHold = 1,
    Blocked = 2,
    Consumed = 3,
}

/// <summary>How a lot came to be: 0 receipt, 1 work order, 2 split (contract LotOriginKind).</summary>
public sealed record LotSource(int Kind, string? Reference);

/// <summary>Material of Parent went into Child. Relation: 0 consumed, 1 split, 2 merge (contract GenealogyRelation).</summary>
public sealed record GenealogyLink(string Parent, string Child, int Relation, string? WorkOrderId, decimal? Quantity, DateTimeOffset At);

/// <summary>Who held the lot, why (and the QMS's reason code when it gave one), when.</summary>
public sealed record HoldRecord(LotStatus Status, string Reason, string User, DateTimeOffset At, string? ReasonCode = null);
