namespace Twin.Domain.Lots;

/// <summary>Result of a trace: lots reached (start at depth 0), edges followed, and whether the depth bound cut it.</summary>
public sealed record TraceResult(IReadOnlyList<TraceStep> Lots, IReadOnlyList<GenealogyLink> Edges, bool Truncated);
