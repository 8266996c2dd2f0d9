using System.Text.Encodings.Web;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Twin.Api.Errors;

namespace Twin.Api.Security;

/// <summary>
/// Authenticates a request by its API key (header <c>X-Api-Key</c>, or <c>Authorization: ApiKey …</c>
/// / <c>Bearer …</c> for tools that only speak Authorization). The key is hashed and looked up among
/// the configured hashes (<see cref="ApiKeyRegistry"/>); the key's role and the roles below it become role claims.
/// 401 and 403 answers are RFC 7807 problem details with stable codes.
/// </summary>
internal sealed class ApiKeyAuthenticationHandler(
    IOptionsMonitor<AuthenticationSchemeOptions> schemeOptions,
    ApiKeyRegistry keys,
    RejectedKeyLog rejected,
    ILoggerFactory logger,
    UrlEncoder encoder)
    : AuthenticationHandler<AuthenticationSchemeOptions>(schemeOptions, logger, encoder)
{
    public const string SchemeName = "ApiKey";
    public const string HeaderName = "X-Api-Key";

    // Why the challenge happened, so the 401 body can say "missing" or "not recognised".
    private const string FailureItem = "twin.auth.failure";

    private static readonly string[] AuthorizationSchemes = ["ApiKey ", "Bearer "];

    protected override Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        var presented = ReadKey(Request);
        if (presented is null)
        {
            return Task.FromResult(AuthenticateResult.NoResult());
        }

        var known = keys.Find(presented);
        if (known is null)
        {
            Context.Items[FailureItem] = ApiErrorCodes.InvalidApiKey;
            rejected.Rejected("a request", Context.Connection.RemoteIpAddress?.ToString());
            return Task.FromResult(AuthenticateResult.Fail("The API key is not recognised."));
        }

        // The key's principal (name, key name, its role and the roles below it) is built once per configuration.
        return Task.FromResult(AuthenticateResult.Success(new AuthenticationTicket(known.Principal, SchemeName)));
    }

    protected override Task HandleChallengeAsync(AuthenticationProperties properties)
    {
        var invalid = Context.Items.TryGetValue(FailureItem, out var code) && code is string;
        var problem = invalid
            ? ApiProblems.Create(StatusCodes.Status401Unauthorized, ApiErrorCodes.InvalidApiKey,
                "API key not recognised",
                $"The key in the {HeaderName} header matches no configured key. Check for a typo or ask an admin for a key.")
            : ApiProblems.Create(StatusCodes.Status401Unauthorized, ApiErrorCodes.MissingApiKey,
                "API key required",
                $"Send your API key in the {HeaderName} header (or 'Authorization: ApiKey <key>').");
        Response.Headers.WWWAuthenticate = $"{SchemeName} header=\"{HeaderName}\"";
        return ApiProblems.WriteAsync(Context, problem);
    }

    protected override Task HandleForbiddenAsync(AuthenticationProperties properties)
    {
        // The endpoint's policy says which role was needed; name it so the caller knows what to ask for.
        var policy = Context.GetEndpoint()?.Metadata.GetOrderedMetadata<IAuthorizeData>()
            .Select(a => a.Policy).LastOrDefault(p => p is not null);
        var required = policy is TwinPolicies.Read or TwinPolicies.Subscribe or TwinPolicies.Command or TwinPolicies.Admin or TwinPolicies.Operations ? TwinPolicies.MinimumRole(policy) : null;
        var problem = ApiProblems.Create(StatusCodes.Status403Forbidden, ApiErrorCodes.Forbidden,
            "Role not allowed",
            required is null
                ? $"The key '{Context.User.Identity?.Name}' is valid but its role does not allow this request."
                : $"The key '{Context.User.Identity?.Name}' is valid but this request needs the '{required}' role or higher.");
        return ApiProblems.WriteAsync(Context, problem);
    }

    /// <summary>True when the request presents a key (header or Authorization), valid or not.</summary>
    internal static bool HasKey(HttpRequest request) => ReadKey(request) is not null;

    private static string? ReadKey(HttpRequest request)
    {
        var header = request.Headers[HeaderName].ToString();
        if (!string.IsNullOrWhiteSpace(header))
        {
            return header.Trim();
        }

        var authorization = request.Headers.Authorization.ToString();
        foreach (var scheme in AuthorizationSchemes)
        {
            if (authorization.StartsWith(scheme, StringComparison.OrdinalIgnoreCase))
            {
                var value = authorization[scheme.Length..].Trim();
                return value.Length == 0 ? null : value;
            }
        }

        return null;
    }
}
