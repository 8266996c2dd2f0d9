using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Twin.Api.Errors;

namespace Twin.Hosting.Dashboard;

/// <summary>
/// The Orleans Dashboard's per-silo pages (<c>/dashboard/HistoricalStats/{silo}</c> and the like) throw when the
/// silo address in the path is not one, which answered 500 and logged a 20-line stack trace. A wrong address is the
/// caller's mistake: answer 404 with what was wrong instead.
/// </summary>
internal static class DashboardAddressGuard
{
    public const string Prefix = "/dashboard";

    public static IApplicationBuilder UseDashboardAddressGuard(this IApplicationBuilder app) =>
        app.UseWhen(c => c.Request.Path.StartsWithSegments(Prefix), dashboard => dashboard.Use(async (context, next) =>
        {
            try
            {
                await next(context);
            }
            catch (Exception e) when (!context.Response.HasStarted && IsBadAddress(e))
            {
                var address = context.Request.Path.Value?.Split('/', StringSplitOptions.RemoveEmptyEntries).LastOrDefault();
                await ApiProblems.WriteAsync(context, ApiProblems.Create(StatusCodes.Status404NotFound, ApiErrorCodes.SiloNotFound,
                    "No such silo",
                    $"'{address}' is not the address of a silo in this cluster; open {Prefix}/ and pick a silo from the list."));
            }
        }));

    private static bool IsBadAddress(Exception e) =>
        e is FormatException || e.InnerException is FormatException;
}
