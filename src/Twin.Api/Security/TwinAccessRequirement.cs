using Microsoft.AspNetCore.Authorization;

namespace Twin.Api.Security;

/// <summary>
/// The one requirement of every Twin policy: the caller's role is at least <see cref="MinimumRole"/>, and the key's
/// plants and purpose (<see cref="ApiKeyScope"/>) allow this request. One requirement instead of ASP.NET Core's role
/// list plus a scope requirement, because authorization runs on every request: the roles below a key's own are
/// already claims of its principal, so a single role test answers, and the scope is read once per key.
/// <see cref="SpansPlants"/> marks pages that show every plant at once (the dashboard), which a plant-limited key
/// may not open.
/// </summary>
internal sealed class TwinAccessRequirement(string minimumRole, bool spansPlants) : IAuthorizationRequirement
{
    /// <summary>For routes under /api: the <c>{plant}</c> in the route must be one of the key's.</summary>
    public static TwinAccessRequirement PlantRoutes(string minimumRole) => new(minimumRole, spansPlants: false);

    /// <summary>For operations pages that span every plant.</summary>
    public static TwinAccessRequirement EveryPlant(string minimumRole) => new(minimumRole, spansPlants: true);

    /// <summary>The lowest of <see cref="TwinRoles"/> that passes.</summary>
    public string MinimumRole { get; } = TwinRoles.IsKnown(minimumRole)
        ? minimumRole
        : throw new ArgumentException($"Unknown role '{minimumRole}'. Known roles: {string.Join(", ", TwinRoles.All)}.", nameof(minimumRole));

    public bool SpansPlants { get; } = spansPlants;
}
