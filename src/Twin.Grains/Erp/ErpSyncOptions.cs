namespace Twin.Grains.Erp;

/// <summary>How ERP-sync grains pace themselves (configuration section "Erp:Sync"). Batching limits are in "Erp:Outbox".</summary>
public sealed class ErpSyncOptions
{
    public const string SectionName = "Erp:Sync";

    /// <summary>How often the grain checks whether a batch is due (by size, age or a retry's time).</summary>
    public TimeSpan PumpInterval { get; set; } = TimeSpan.FromMilliseconds(200);

    /// <summary>
    /// Period of the reminder that re-activates the grain after a crash or rebalancing, so a queue left behind
    /// drains even when no new event arrives. Orleans reminders fire at most once a minute.
    /// </summary>
    public TimeSpan KeepAlivePeriod { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>
    /// How long the stream handler holds an item while the outbox store cannot be reached (database down), retrying,
    /// before it throws and lets the stream redeliver it (the ERP stream provider never gives up on an item). Holding
    /// keeps the item and the ones behind it in order; throwing after a while lets Orleans' delivery backoff and
    /// failover take over (a silo whose database is gone for good is replaced by one whose database answers).
    /// </summary>
    public TimeSpan StoreRetryBudget { get; set; } = TimeSpan.FromSeconds(20);

    /// <summary>Plants whose ERP-sync grains the silo wakes at start (besides those woken by stream events).</summary>
    public List<string> Plants { get; set; } = [];
}
