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

    public static ApiKeyScope Of(ClaimsPrincipal user) => new(
        [.. user.FindAll(PlantClaim).Select(c => c.Value)],
        user.FindFirst(PurposeClaim)?.Value ?? ApiKeyPurposes.All);
}
