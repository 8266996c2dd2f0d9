namespace Twin.Grains.Erp;

/// <summary>
/// Persisted state of an ERP-sync grain. The outbox (Twin.Erp, no Orleans) is stored as System.Text.Json text,
/// so memory and PostgreSQL storage hold the same shape and no CLR type names.
/// </summary>
[GenerateSerializer]
public sealed record ErpSyncGrainState
{
    /// <summary>The <see cref="Twin.Erp.Outbox.ErpOutboxState"/> as JSON; null for a new plant.</summary>
    [Id(0)]
    public string? Outbox { get; init; }

    /// <summary>Business events that have no ERP document kind.</summary>
    [Id(1)]
    public long NotForErp { get; init; }

    [Id(2)]
    public DateTimeOffset? LastPostedAt { get; init; }
}
