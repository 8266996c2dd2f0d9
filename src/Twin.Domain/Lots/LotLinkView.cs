namespace Twin.Domain.Lots;

/// <summary>One lot's direct links as seen by a trace.</summary>
public sealed record LotLinkView(string LotId, string Item, LotStatus Status, IReadOnlyList<GenealogyLink> Parents, IReadOnlyList<GenealogyLink> Children);
