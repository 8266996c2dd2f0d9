using Twin.Erp.Transactions;

namespace Twin.Erp.Posting;

/// <summary>
/// Composes a closed group's sources into documents: one per kind, and for scrap one per reason (the ERP takes one
/// scrap cause per document). Quantities are decimal sums, so nothing is rounded away; the key is derived from the
/// sorted set of source event ids, so the same set always gives the same document key.
/// </summary>
public static class ErpDocumentComposer
{
    public static IReadOnlyList<ErpSealedDocument> Compose(IReadOnlyList<ErpTransaction> sources, bool final)
    {
        ArgumentNullException.ThrowIfNull(sources);
        return sources
            .GroupBy(s => (s.Kind, Reason: s.Kind == ErpTransactionKind.Scrap ? s.Reason : null))
            .OrderBy(g => g.Key.Kind)
            .ThenBy(g => g.Key.Reason, StringComparer.Ordinal)
            .Select(g => Document(g.ToList(), final))
            .ToList();
    }

    private static ErpSealedDocument Document(List<ErpTransaction> sources, bool final)
    {
        var first = sources.MinBy(s => (s.OccurredAt, s.IdempotencyKey))!;
        var ids = sources.SelectMany(s => s.SourceEventIds).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToList();
        var machines = sources.Select(s => s.Machine).Distinct(StringComparer.Ordinal).ToList();
        var document = first with
        {
            IdempotencyKey = ErpIdempotencyKey.Derive(first.Kind, ids),
            Quantity = sources.Sum(s => s.Quantity),
            SourceEventIds = ids,
            Machine = machines.Count == 1 ? machines[0] : null,
            OccurredAt = sources.Max(s => s.OccurredAt),
            Final = final,
        };
        return new ErpSealedDocument(document, sources.Select(s => s.IdempotencyKey).ToList());
    }
}
