using Microsoft.AspNetCore.Authorization;

namespace Twin.Api.Security;

/// <summary>
/// Part of every Twin policy: the key's plants and purpose (<see cref="ApiKeyScope"/>) allow this request.
/// <see cref="SpansPlants"/> marks pages that show every plant at once (the dashboard), which a plant-limited key
/// may not open.
/// </summary>
internal sealed class KeyScopeRequirement(bool spansPlants) : IAuthorizationRequirement
{
    /// <summary>For routes under /api: the <c>{plant}</c> in the route must be one of the key's.</summary>
    public static KeyScopeRequirement PlantRoutes { get; } = new(spansPlants: false);

    /// <summary>For operations pages that span every plant.</summary>
    public static KeyScopeRequirement EveryPlant { get; } = new(spansPlants: true);

    public bool SpansPlants { get; } = spansPlants;
}
