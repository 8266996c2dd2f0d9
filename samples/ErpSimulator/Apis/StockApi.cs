using ErpSimulator.Audit;
using ErpSimulator.Booking;
using Microsoft.Extensions.Options;

namespace ErpSimulator.Apis;

/// <summary>
/// POST /api/erp/stock/query: the read side a plant reconciles its location twins against. Body
/// <c>{"plant","locations":[…]}</c>, answer <c>{"stock":[{"location","item","lot","quantity","unit"}]}</c> (lines at zero
/// left out). Same API key as the booking endpoint.
/// </summary>
public static class StockApi
{
    public const string QueryPath = "/api/erp/stock/query";

    /// <summary>Most locations one query may name.</summary>
    public const int MaxLocations = 5_000;

    public static void MapStockApi(this IEndpointRouteBuilder app) => app.MapPost(QueryPath, Query);

    private static IResult Query(HttpContext context, StockQuery? query, BookingLedger ledger, SimulatorStats stats, IOptions<ErpSimulatorOptions> options)
    {
        var settings = options.Value;
        if (!string.IsNullOrEmpty(settings.ApiKey) && context.Request.Headers[settings.ApiKeyHeader].ToString() != settings.ApiKey)
        {
            stats.Unauthorized();
            return Results.Problem(statusCode: 401, title: "Not authorised", detail: $"Send the ERP API key in the {settings.ApiKeyHeader} header.");
        }

        if (query is null || string.IsNullOrWhiteSpace(query.Plant) || query.Locations is null)
        {
            return Results.Problem(statusCode: 400, title: "Malformed stock query", detail: "Send {\"plant\":\"…\",\"locations\":[\"…\"]}.");
        }

        if (query.Locations.Count > MaxLocations)
        {
            return Results.Problem(statusCode: 413, title: "Too many locations", detail: $"Ask about at most {MaxLocations} locations per query; got {query.Locations.Count}.");
        }

        var locations = query.Locations.Where(l => !string.IsNullOrEmpty(l)).ToHashSet(StringComparer.Ordinal);
        return Results.Ok(new StockAnswer(ledger.Stock(query.Plant, locations)));
    }
}

/// <summary>The body of a stock query.</summary>
public sealed record StockQuery(string? Plant, List<string>? Locations);

/// <summary>The answer to a stock query.</summary>
public sealed record StockAnswer(IReadOnlyList<StockLine> Stock);

/// <summary>A stock correction booked straight into the simulated ERP (POST /admin/stock-adjustments).</summary>
public sealed record StockAdjustment(string? Plant, string? Location, string? Item, string? Lot, decimal Quantity, string? Unit);
