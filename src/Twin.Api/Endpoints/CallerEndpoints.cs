using System.Security.Claims;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Twin.Api.Security;

namespace Twin.Api.Endpoints;

/// <summary><c>GET /api/me</c>: which key the caller is using and what it may do, so a plant app can check its setup.</summary>
internal static class CallerEndpoints
{
    public static RouteGroupBuilder MapCallerEndpoints(this RouteGroupBuilder api)
    {
        api.MapGet("/me", (ClaimsPrincipal user) =>
        {
            var roles = TwinRoles.All.Where(user.IsInRole).ToArray();
            var scope = ApiKeyScope.Of(user);
            return TypedResults.Ok(new CallerInfo(user.Identity?.Name ?? "", roles.LastOrDefault() ?? "", roles, scope.Plants, scope.Purpose));
        })
        .WithName("GetCaller")
        .WithSummary("The API key in use: its name, its role and the roles it implies, its plants (empty: every plant) and purpose (all or feeds).")
        .WithTags("Caller");
        return api;
    }
}

/// <summary>The caller's key name, its role, every role that role includes, the plants it is limited to (empty: every plant) and its purpose.</summary>
public sealed record CallerInfo(string Key, string Role, IReadOnlyList<string> Roles, IReadOnlyList<string> Plants, string Purpose);
