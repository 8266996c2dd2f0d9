using Twin.Contracts;

namespace Twin.Client;

/// <summary>
/// Typed access to the Twin cluster: machines, work orders, lots and warehouse locations, and a live
/// feed of their changes. Register with <c>AddTwinClient(...)</c>; resolve from the host's services.
/// Commands return a <see cref="CommandResult"/> (use <see cref="CommandResultExtensions.EnsureSucceeded(CommandResult)"/>
/// to throw on rejection); pass <see cref="TwinCommandOptions.RequestId"/> and reuse it when retrying.
/// </summary>
public interface ITwinClient
{
    /// <summary>Machine twins.</summary>
    IMachineTwins Machines { get; }

    /// <summary>Work order twins.</summary>
    IWorkOrderTwins WorkOrders { get; }

    /// <summary>Lot twins.</summary>
    ILotTwins Lots { get; }

    /// <summary>Warehouse location twins.</summary>
    ILocationTwins Locations { get; }

    /// <summary>ERP synchronisation per plant: figures, dead letters, replay.</summary>
    IErpSync Erp { get; }

    /// <summary>OPC UA connection health per plant.</summary>
    IShopFloorConnections Connections { get; }

    /// <summary>Integration KPIs and latency objectives per plant.</summary>
    IPlantKpis Kpis { get; }

    /// <summary>
    /// Subscribes to the changes of <paramref name="plant"/>'s twins (optionally one twin, by the id that
    /// published the change). The subscription is active when the task completes, so a change made after
    /// it is seen. Dispose the feed to unsubscribe.
    /// </summary>
    Task<TwinChangeFeed> SubscribeToChangesAsync(string plant, string? twinId = null, CancellationToken cancellationToken = default);

    /// <summary>Convenience over <see cref="SubscribeToChangesAsync"/>: the changes as an async stream until cancelled.</summary>
    IAsyncEnumerable<TwinEvent> WatchAsync(string plant, string? twinId = null, CancellationToken cancellationToken = default);
}
