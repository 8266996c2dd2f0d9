using Twin.Erp.Transactions;

namespace Twin.Erp.Posting;

/// <summary>
/// One source event's transaction, staged in an open posting group until its window closes. Its
/// <see cref="ErpTransaction.IdempotencyKey"/> (derived from the one event) is the dedup key of the staged row.
/// </summary>
/// <param name="Source">The event's transaction, as <c>ErpTransactionMapping</c> made it.</param>
/// <param name="GroupKey">The posting group (<see cref="ErpPostingGroups.KeyOf"/>).</param>
/// <param name="StagedAt">When the store took it: the group's window runs from its first source's staging time.</param>
public sealed record ErpStagedSource(ErpTransaction Source, string GroupKey, DateTimeOffset StagedAt);
