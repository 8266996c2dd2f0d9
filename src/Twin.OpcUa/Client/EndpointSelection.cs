using Twin.OpcUa.Channel;
using Twin.OpcUa.Encoding;
using Twin.OpcUa.Security;
using Twin.OpcUa.Services;

namespace Twin.OpcUa.Client;

/// <summary>
/// Picks the endpoint a client connects through from a server's GetEndpoints answer: the one named in the
/// options, or under <see cref="OpcUaClientOptions.BestPolicy"/> the strongest the server offers —
/// SignAndEncrypt before Sign, then Twin's policy order (<see cref="SecurityPolicy.All"/>), then the server's
/// own SecurityLevel. SecurityPolicy None is chosen only when it is allowed and nothing secured is offered.
/// </summary>
public static class EndpointSelection
{
    /// <summary>The chosen endpoint; throws BadSecurityPolicyRejected naming what the server offers when none fits.</summary>
    public static EndpointDescription Choose(IReadOnlyList<EndpointDescription> endpoints, string requestedPolicy, MessageSecurityMode requestedMode, bool allowNone, string endpointUrl)
    {
        if (!IsBest(requestedPolicy))
        {
            var policy = SecurityPolicy.FindByName(requestedPolicy)
                ?? throw new ServiceResultException(StatusCode.BadSecurityPolicyRejected, $"Security policy '{requestedPolicy}' is unknown");
            var mode = policy.IsNone ? MessageSecurityMode.None : requestedMode;
            return endpoints.FirstOrDefault(e => e.SecurityPolicyUri == policy.Uri && e.SecurityMode == mode)
                ?? throw new ServiceResultException(StatusCode.BadSecurityPolicyRejected,
                    $"{endpointUrl} offers no endpoint with {policy.Name} {mode}; it offers {Describe(endpoints)}");
        }

        var best = Ranked(endpoints).FirstOrDefault();
        if (best is not null)
        {
            return best;
        }

        var none = endpoints.FirstOrDefault(e => e.SecurityPolicyUri == SecurityPolicies.None);
        if (none is not null && allowNone)
        {
            return none;
        }

        throw new ServiceResultException(StatusCode.BadSecurityPolicyRejected, none is null
            ? $"{endpointUrl} offers no endpoint Twin can use; it offers {Describe(endpoints)}"
            : $"{endpointUrl} offers only SecurityPolicy None (no signing, no encryption); allow it explicitly (plant file: \"allowSecurityNone\": true) or give the server a secured endpoint");
    }

    /// <summary>Secured endpoints Twin implements, best first.</summary>
    public static IEnumerable<EndpointDescription> Ranked(IEnumerable<EndpointDescription> endpoints) =>
        endpoints
            .Where(e => SecurityPolicy.Find(e.SecurityPolicyUri) is { IsNone: false } && e.SecurityMode is MessageSecurityMode.Sign or MessageSecurityMode.SignAndEncrypt)
            .OrderByDescending(e => e.SecurityMode == MessageSecurityMode.SignAndEncrypt)
            .ThenBy(e => IndexOf(SecurityPolicy.Find(e.SecurityPolicyUri)!))
            .ThenByDescending(e => e.SecurityLevel);

    /// <summary>True for the "pick the best" policy name.</summary>
    public static bool IsBest(string? policy) => string.Equals(policy?.Trim(), OpcUaClientOptions.BestPolicy, StringComparison.OrdinalIgnoreCase);

    /// <summary>"Basic256Sha256 SignAndEncrypt, None None" — what a server offers, for messages.</summary>
    public static string Describe(IEnumerable<EndpointDescription> endpoints)
    {
        var offered = endpoints.Select(e => $"{SecurityPolicy.Find(e.SecurityPolicyUri)?.Name ?? e.SecurityPolicyUri} {e.SecurityMode}").Distinct().ToList();
        return offered.Count == 0 ? "none" : string.Join(", ", offered);
    }

    private static int IndexOf(SecurityPolicy policy)
    {
        for (var i = 0; i < SecurityPolicy.All.Count; i++)
        {
            if (SecurityPolicy.All[i] == policy)
            {
                return i;
            }
        }

        return int.MaxValue;
    }
}
