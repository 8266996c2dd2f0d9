using Microsoft.Extensions.Options;
using Twin.Api.Security;
using Twin.Contracts;

namespace Twin.Api.PlantView;

/// <summary>
/// Gathers a plant overview from the twins: one directory page per list, then the machines' and orders' own reads in
/// parallel. Everything is bounded by <see cref="PlantViewOptions"/>, so the cost of one overview does not grow with
/// the plant, only with what a person can look at.
/// </summary>
internal sealed class PlantOverviewReader(IGrainFactory grains, IOptionsMonitor<TwinApiOptions> options, TimeProvider? clock = null)
{
    private readonly TimeProvider _clock = clock ?? TimeProvider.System;

    public async Task<PlantOverview> ReadAsync(string plant, OverviewParts parts)
    {
        var bounds = options.CurrentValue.PlantView;
        var machines = parts.HasFlag(OverviewParts.Machines) ? Machines(plant, bounds) : null;
        var orders = parts.HasFlag(OverviewParts.WorkOrders) ? WorkOrders(plant, bounds) : null;
        var held = parts.HasFlag(OverviewParts.LotsOnHold) ? LotsOnHold(plant, bounds) : null;
        var erp = parts.HasFlag(OverviewParts.Erp) ? grains.GetGrain<IErpSyncGrain>(plant).GetFigures() : null;
        var connections = parts.HasFlag(OverviewParts.Connections) ? grains.GetGrain<IPlantIngestGrain>(plant).GetConnections() : null;
        // Answered from the KPI grain's last computation (refreshed at most every Twin:Kpis:RefreshInterval): no scan per read.
        var kpis = parts.HasFlag(OverviewParts.Kpis) ? grains.GetGrain<IPlantKpiGrain>(plant).GetKpis() : null;

        return new PlantOverview(plant, _clock.GetUtcNow(),
            machines is null ? null : await machines,
            orders is null ? null : await orders,
            held is null ? null : await held,
            erp is null ? null : await erp,
            connections is null ? null : await connections,
            kpis is null ? null : await kpis);
    }

    private async Task<OverviewList<MachineTile>> Machines(string plant, PlantViewOptions bounds)
    {
        var page = await grains.GetGrain<IPlantDirectoryGrain>(plant).PageMachines(null, bounds.MaxMachines);
        var tiles = await Task.WhenAll(page.Items.Select(listing => Tile(listing, bounds.OeeWindow)));
        return new(tiles, page.Next is not null);
    }

    private async Task<MachineTile> Tile(MachineListing listing, TimeSpan? window)
    {
        var machine = grains.GetGrain<IMachineGrain>(listing.MachineId);
        var snapshot = machine.GetSnapshot();
        var oee = machine.GetOee(window);
        // The directory row is the fallback: a twin read that finds nothing still shows the machine as listed.
        return await snapshot is { } s
            ? new MachineTile(s.MachineId, s.Name, s.WorkCentre, s.Status, s.StatusSince, s.Assignment?.WorkOrderId,
                s.Assignment?.OperationSequence, s.Counters.Good, s.Counters.Scrap, await oee)
            : new MachineTile(listing.MachineId, listing.Name, null, listing.Status, listing.StatusSince, listing.WorkOrderId, null, 0, 0, await oee);
    }

    private async Task<OverviewList<WorkOrderProgress>> WorkOrders(string plant, PlantViewOptions bounds)
    {
        var page = await grains.GetGrain<IPlantDirectoryGrain>(plant).PageOpenWorkOrders(null, bounds.MaxWorkOrders);
        var orders = await Task.WhenAll(page.Items.Select(Progress));
        return new(orders, page.Next is not null);
    }

    private async Task<WorkOrderProgress> Progress(WorkOrderListing listing)
    {
        var snapshot = await grains.GetGrain<IWorkOrderGrain>(listing.WorkOrderId).GetSnapshot();
        // The last operation's good count is what the order has finished; scrap is counted on every operation.
        var last = snapshot?.Operations.OrderBy(o => o.Sequence).LastOrDefault();
        return new WorkOrderProgress(listing.WorkOrderId, listing.Item, snapshot?.Status ?? listing.Status, listing.PlannedQuantity,
            last?.Good ?? 0, snapshot?.Operations.Sum(o => o.Scrap) ?? 0, snapshot?.ReceivedQuantity ?? listing.ReceivedQuantity, listing.Unit,
            snapshot?.Operations.Count ?? 0);
    }

    private async Task<OverviewList<HeldLot>> LotsOnHold(string plant, PlantViewOptions bounds)
    {
        var page = await grains.GetGrain<IPlantDirectoryGrain>(plant).PageLotsOnHold(null, bounds.MaxLotsOnHold);
        return new([.. page.Items.Select(l => new HeldLot(l.LotId, l.Item, l.Quantity, l.Unit, l.Status, l.HoldReason))], page.Next is not null);
    }
}
