using Twin.Erp.Transactions;

namespace Twin.Erp.Outbox;

/// <summary>Transactions handed out together for one post; give the outcomes back with <see cref="ErpOutbox.RecordOutcomes"/>.</summary>
public sealed record ErpBatch(IReadOnlyList<ErpTransaction> Transactions, DateTimeOffset TakenAt);
