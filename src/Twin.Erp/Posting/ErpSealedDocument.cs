using Twin.Erp.Transactions;

namespace Twin.Erp.Posting;

/// <summary>
/// An ERP document composed from a closed group's staged sources, and the staged rows it seals. Once written, its set
/// of sources (and so its key) never changes: a retry after an ambiguous write seals the same set under the same key.
/// </summary>
/// <param name="Document">What is posted; its key is derived from the exact set of source event ids.</param>
/// <param name="SourceKeys">The staged rows' keys (one per source event).</param>
public sealed record ErpSealedDocument(ErpTransaction Document, IReadOnlyList<string> SourceKeys);
