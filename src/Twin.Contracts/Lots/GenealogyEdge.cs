namespace Twin.Contracts;

/// <summary>Why material of one lot went into another.</summary>
public enum GenealogyRelation
{
    /// <summary>The parent was consumed by a work order that produced the child.</summary>
    Consumed = 0,

    /// <summary>The child was split off the parent.</summary>
    Split = 1,

    /// <summary>The parent was merged into the child.</summary>
    Merge = 2,
}

/// <summary>One genealogy link: material of ParentLotId went into ChildLotId.</summary>
[GenerateSerializer, Immutable]
public sealed record GenealogyEdge(
    [property: Id(0)] string ParentLotId,
    [property: Id(1)] string ChildLotId,
    [property: Id(2)] GenealogyRelation Relation,
    [property: Id(3)] string? WorkOrderId,
    [property: Id(4)] decimal? Quantity,
    [property: Id(5)] DateTimeOffset At);
