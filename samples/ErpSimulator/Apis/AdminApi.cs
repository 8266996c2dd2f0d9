using ErpSimulator.Faults;
using ErpSimulator.MasterData;

namespace ErpSimulator.Apis;

/// <summary>/admin: fault injection and master data, for tests and demos.</summary>
public static class AdminApi
{
    public static void MapAdminApi(this IEndpointRouteBuilder app)
    {
        var admin = app.MapGroup("/admin");
        admin.MapGet("/faults", (FaultInjector faults) => faults.Current);
        admin.MapPost("/faults", (FaultCommand command, FaultInjector faults) =>
            command.Problem() is { } problem
                ? Results.Problem(statusCode: 400, title: "Invalid fault command", detail: problem)
                : Results.Ok(faults.Apply(command)));
        admin.MapPost("/faults/reset", (FaultInjector faults) => faults.Reset());

        admin.MapGet("/master-data", (MasterDataCatalog catalog) => catalog.Snapshot());
        admin.MapPost("/master-data", (MasterDataUpdate update, MasterDataCatalog catalog) =>
        {
            catalog.Add(update);
            return catalog.Snapshot();
        });
    }
}
