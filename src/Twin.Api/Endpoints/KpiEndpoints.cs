using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Routing;
using Twin.Api.Security;
using Twin.Contracts;

namespace Twin.Api.Endpoints;

/// <summary>
/// /api/plants/{plant}/kpis: the plant's integration KPIs and latency objectives, answered from the plant's KPI grain
/// (recomputed at most every few seconds from counters, never a scan of the twins per request). Any key may read them;
/// starting an inventory reconciliation asks the ERP for stock, so it takes an operator.
/// </summary>
internal static class KpiEndpoints
{
    public static RouteGroupBuilder MapKpiEndpoints(this RouteGroupBuilder plant)
    {
        var kpis = plant.MapGroup("/kpis").WithTags("KPIs and objectives");

        kpis.MapGet("/", async (string plant, [FromServices] IGrainFactory grains) =>
            TypedResults.Ok(await grains.GetGrain<IPlantKpiGrain>(plant).GetKpis()))
            .WithName("GetPlantKpis")
            .WithSummary("Delayed confirmations, unposted goods movements, inventory mismatch, overdue quality holds, failed webhook deliveries, degraded connections and the latency objectives.");

        kpis.MapGet("/objectives", async (string plant, [FromServices] IGrainFactory grains) =>
            TypedResults.Ok(await grains.GetGrain<IPlantKpiGrain>(plant).GetObjectives()))
            .WithName("GetPlantObjectives")
            .WithSummary("Each workflow's latency objective over the sliding window: met or missed, with percentiles.");

        kpis.MapPost("/reconciliation", async (string plant, [FromServices] IGrainFactory grains) =>
            TypedResults.Ok(await grains.GetGrain<IPlantKpiGrain>(plant).Reconcile()))
            .RequireAuthorization(TwinPolicies.Command)
            .WithName("ReconcileInventory")
            .WithSummary("Compares every location twin's stock with the ERP's now (paged) and answers the result (operator).");

        return plant;
    }
}
