namespace Twin.Contracts;

/// <summary>Backward = what went into this lot; Forward = where this lot went.</summary>
public enum TraceDirection
{
    Backward = 0,
    Forward = 1,
}

/// <summary>A lot reached by a trace and how many genealogy levels away from the start it is.</summary>
[GenerateSerializer, Immutable]
public sealed record TracedLot(
    [property: Id(0)] string LotId,
    [property: Id(1)] string? Item,
    [property: Id(2)] StockStatus? Status,
    [property: Id(3)] int Depth);

/// <summary>A multi-level genealogy trace. Truncated = the depth bound stopped it before the end.</summary>
[GenerateSerializer, Immutable]
public sealed record LotTrace(
    [property: Id(0)] string LotId,
    [property: Id(1)] TraceDirection Direction,
    [property: Id(2)] int MaxDepth,
    [property: Id(3)] IReadOnlyList<TracedLot> Lots,
    [property: Id(4)] IReadOnlyList<GenealogyEdge> Edges,
    [property: Id(5)] bool Truncated);
