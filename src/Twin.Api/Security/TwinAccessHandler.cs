using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Twin.Api.Errors;

namespace Twin.Api.Security;

/// <summary>
/// Checks <see cref="TwinAccessRequirement"/>: the role is high enough, a plant-limited key reaches only its plants, a
/// feeds key only reads and follows. A scope refusal carries the 403 problem that names the plant or the purpose
/// (<see cref="ScopeRefusal"/>); a role too low leaves the requirement unmet, so the scheme answers 403 naming the role
/// (or 401 for a caller without a key).
/// </summary>
internal sealed class TwinAccessHandler : AuthorizationHandler<TwinAccessRequirement>
{
    public const string PlantNotAllowed = "plant-not-allowed";
    public const string PurposeNotAllowed = "purpose-not-allowed";

    protected override Task HandleRequirementAsync(AuthorizationHandlerContext context, TwinAccessRequirement requirement)
    {
        if (context.User.Identity?.IsAuthenticated != true || context.Resource is not HttpContext http)
        {
            return Task.CompletedTask; // Unmet: an anonymous caller is challenged (401).
        }

        var scope = ApiKeyScope.Of(context.User);
        var key = context.User.Identity.Name;
        var plant = http.GetRouteValue("plant") as string;
        if (plant is not null && !scope.AllowsPlant(plant))
        {
            return Refuse(context, PlantNotAllowed, "Plant not allowed",
                $"The key '{key}' is limited to plant(s) {string.Join(", ", scope.Plants)}; it may not reach plant '{plant}'.", plant);
        }

        if (requirement.SpansPlants && !scope.EveryPlant)
        {
            return Refuse(context, PlantNotAllowed, "Plant not allowed",
                $"The key '{key}' is limited to plant(s) {string.Join(", ", scope.Plants)}, and this page shows every plant; use a key without a plant list.", null);
        }

        if (scope.FeedsOnly && (requirement.SpansPlants || !(HttpMethods.IsGet(http.Request.Method) || HttpMethods.IsHead(http.Request.Method))))
        {
            return Refuse(context, PurposeNotAllowed, "Purpose not allowed",
                $"The key '{key}' is limited to the '{ApiKeyPurposes.Feeds}' purpose (reads and change feeds); {http.Request.Method} {http.Request.Path} needs a key without that limit.", plant);
        }

        // The scope is checked first so a plant-limited key hears about the plant, whatever its role.
        if (context.User.IsInRole(requirement.MinimumRole))
        {
            context.Succeed(requirement);
        }

        return Task.CompletedTask;
    }

    private Task Refuse(AuthorizationHandlerContext context, string code, string title, string detail, string? plant)
    {
        var problem = ApiProblems.Create(StatusCodes.Status403Forbidden, code, title, detail);
        if (plant is not null)
        {
            problem.Extensions["plant"] = plant;
        }

        context.Fail(new ScopeRefusal(this, problem));
        return Task.CompletedTask;
    }
}
