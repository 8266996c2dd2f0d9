using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Twin.Api.Errors;
using Twin.Api.Requests;
using Twin.Api.Security;
using Twin.Contracts;

namespace Twin.Api.PlantView;

/// <summary>
/// The plant view for people: <c>/plant/{plant}</c> (an embedded page that reads <c>GET /api/plants/{plant}/overview</c>
/// and follows the plant's change feed), <c>/plant</c> to pick a plant, <c>/plant/assets/*</c>. Every route needs a key
/// or a /login session (<see cref="TwinPolicies.View"/>); a browser without one is sent to /login and comes back.
/// </summary>
internal static class PlantViewEndpoints
{
    public const string PagePrefix = "/plant";

    public static IEndpointRouteBuilder MapPlantViewPages(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapGet(PagePrefix, Choose).RequireAuthorization(TwinPolicies.View).ExcludeFromDescription();

        endpoints.MapGet(PagePrefix + "/{plant}", async (string plant, HttpContext http) =>
        {
            if (TwinIds.Problem(plant, "plant id") is { } problem)
            {
                await PlantChooserPage.WriteAsync(http, KnownPlants(http), problem);
                return;
            }

            await PlantViewAssets.WriteAsync(http, PlantViewAssets.Page);
        }).RequireAuthorization(TwinPolicies.View).ExcludeFromDescription();

        endpoints.MapGet(PagePrefix + "/assets/{name}", (string name, HttpContext http) =>
            name != PlantViewAssets.Page && PlantViewAssets.Exists(name)
                ? PlantViewAssets.WriteAsync(http, name)
                : ApiProblems.WriteAsync(http, ApiProblems.Create(StatusCodes.Status404NotFound, ApiErrorCodes.UnknownRoute, "No such file",
                    $"The plant view has no file '{name}'.")))
            .RequireAuthorization(TwinPolicies.View).ExcludeFromDescription();
        return endpoints;
    }

    /// <summary><c>GET /api/plants/{plant}/overview</c>: what the plant view shows, for the page and for scripts.</summary>
    public static RouteGroupBuilder MapOverview(this RouteGroupBuilder plant)
    {
        plant.MapGet("/overview", async (string plant, HttpContext http, [FromServices] PlantOverviewReader reader) =>
        {
            var parts = OverviewPartNames.Parse(http.Request.Query["parts"], out var unknown)
                ?? throw Invalid.Payload($"parts '{unknown}' is unknown; use any of {OverviewPartNames.Known} (comma-separated), or leave parts out for all.");
            http.Response.Headers.CacheControl = "no-store";
            return TypedResults.Ok(await reader.ReadAsync(plant, parts));
        })
        .RequireAuthorization(TwinPolicies.View)
        .WithTags("Plant view")
        .WithName("GetPlantOverview")
        .WithSummary("Machines by line with status, OEE and current order; open work orders' progress; lots on hold; ERP queue; OPC UA connections; integration KPIs and latency objectives. " +
            "Bounded by Twin:Api:PlantView (first machines, orders and lots in id order, with 'more' when the plant has more). ?parts= machines,work-orders,lots-on-hold,erp,connections,kpis.");
        return plant;
    }

    private static Task Choose(HttpContext http, string? plant)
    {
        if (!string.IsNullOrEmpty(plant))
        {
            return TwinIds.Problem(plant, "plant id") is { } problem
                ? PlantChooserPage.WriteAsync(http, KnownPlants(http), problem)
                : Redirect(http, plant);
        }

        var plants = KnownPlants(http);
        return plants.Count == 1 ? Redirect(http, plants[0]) : PlantChooserPage.WriteAsync(http, plants, error: null);
    }

    private static Task Redirect(HttpContext http, string plant)
    {
        http.Response.Redirect($"{PagePrefix}/{Uri.EscapeDataString(plant)}");
        return Task.CompletedTask;
    }

    /// <summary>The caller's plants when its key is limited to some, otherwise the plants the silo is configured with.</summary>
    private static IReadOnlyList<string> KnownPlants(HttpContext http)
    {
        var scope = ApiKeyScope.Of(http.User);
        if (!scope.EveryPlant)
        {
            return [.. scope.Plants.Order(StringComparer.Ordinal)];
        }

        var names = http.RequestServices.GetService<IPlantNames>();
        return names is null ? [] : [.. names.Plants.Order(StringComparer.Ordinal)];
    }
}
