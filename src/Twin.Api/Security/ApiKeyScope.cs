using System.Runtime.CompilerServices;
using System.Security.Claims;

namespace Twin.Api.Security;

/// <summary>
/// The plants and the purpose a key is limited to, carried as claims of its principal (so a /login session has the
/// same limits as its key). No plant claim means every plant: keys configured before scopes keep working.
/// </summary>
internal sealed record ApiKeyScope(IReadOnlyList<string> Plants, string Purpose)
{
    public const string PlantClaim = "twin:plant";
    public const string PurposeClaim = "twin:purpose";

    public bool EveryPlant => Plants.Count == 0;

    public bool FeedsOnly => string.Equals(Purpose, ApiKeyPurposes.Feeds, StringComparison.OrdinalIgnoreCase);

    public bool AllowsPlant(string plant) => EveryPlant || Plants.Contains(plant, StringComparer.Ordinal);

    /// <summary>The claims that say the key's limits (none for an unscoped key).</summary>
    public static IEnumerable<Claim> ClaimsOf(ApiKeyEntry entry)
    {
        foreach (var plant in entry.Plants.Distinct(StringComparer.Ordinal))
        {
            yield return new Claim(PlantClaim, plant);
        }

        if (!string.Equals(entry.Purpose, ApiKeyPurposes.All, StringComparison.OrdinalIgnoreCase))
        {
            yield return new Claim(PurposeClaim, entry.Purpose.ToLowerInvariant());
        }
    }

    // A key's principal is built once per configuration (ApiKeyRegistry), so its scope is read from the claims once
    // and kept beside it; the entry goes with the principal when a configuration change replaces it.
    private static readonly ConditionalWeakTable<ClaimsPrincipal, ApiKeyScope> Cached = new();

    public static ApiKeyScope Of(ClaimsPrincipal user)
    {
        if (Cached.TryGetValue(user, out var scope))
        {
            return scope;
        }

        scope = new ApiKeyScope(
            [.. user.FindAll(PlantClaim).Select(c => c.Value)],
            user.FindFirst(PurposeClaim)?.Value ?? ApiKeyPurposes.All);
        if (user.Identity?.AuthenticationType == ApiKeyAuthenticationHandler.SchemeName)
        {
            Cached.AddOrUpdate(user, scope); // Not for browser sessions: their principal is new on every request.
        }

        return scope;
    }
}
