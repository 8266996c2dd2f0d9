namespace Twin.Domain.Lots;

/// <summary>A lot reached by a trace, its distance from the start; Item/Status null when the lot twin is unknown.</summary>
public sealed record TraceStep(string LotId, string? Item, LotStatus? Status, int Depth);
