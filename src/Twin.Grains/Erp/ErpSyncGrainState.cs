namespace Twin.Grains.Erp;

/// <summary>
/// Grain state of ERP-sync grains written before the outbox store (IErpOutboxStore): the whole outbox as one
/// System.Text.Json blob. Read once on activation, moved into the store and cleared; nothing writes it any more.
/// </summary>
[GenerateSerializer]
public sealed record ErpSyncGrainState
{
    /// <summary>The <see cref="Twin.Erp.Outbox.ErpOutboxState"/> as JSON; null when there is nothing to move.</summary>
    [Id(0)]
    public string? Outbox { get; init; }

    /// <summary>Business events that had no ERP document kind (now counted by the store).</summary>
    [Id(1)]
    public long NotForErp { get; init; }

    [Id(2)]
    public DateTimeOffset? LastPostedAt { get; init; }
}
