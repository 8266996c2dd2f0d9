namespace Twin.Grains.Publishing;

/// <summary>
/// How the silo-wide <see cref="TwinEventPublisher"/> batches events per stream. Bind from "Twin:Publishing";
/// unconfigured, these defaults apply.
/// </summary>
public sealed class PublishingOptions
{
    public const string Section = "Twin:Publishing";

    /// <summary>
    /// Most events in one stream item. A durable stream item is one row: 500 events of ~0.5 KB keep it well below
    /// a megabyte while one commit carries hundreds of events.
    /// </summary>
    public int MaxBatchEvents { get; set; } = 500;

    /// <summary>
    /// How long an idle lane waits for company before it sends. Under load batches form by themselves while the
    /// previous one is in flight; this only helps the first event after a quiet spell find a few others.
    /// </summary>
    public TimeSpan Linger { get; set; } = TimeSpan.FromMilliseconds(2);
}
