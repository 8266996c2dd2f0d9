using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Twin.Api.Errors;

namespace Twin.Api.Security;

/// <summary>
/// Sign-in for people with a browser (the Orleans Dashboard and, later, the plant view): a browser cannot add an
/// <c>X-Api-Key</c> header to a page it navigates to, so a person pastes their key into <c>/login</c> once and gets
/// a session cookie. The cookie holds the key's name and roles encrypted by ASP.NET Core data protection, never the
/// key itself; it is HttpOnly and SameSite=Strict, lasts one shift, and is checked against the configured keys on
/// every request, so removing a key or lowering its role ends its sessions at once.
/// Scripts keep sending their key: <see cref="KeyOrSessionScheme"/> picks the API key when one is presented.
/// </summary>
public static class BrowserSession
{
    /// <summary>The cookie scheme.</summary>
    public const string SchemeName = "TwinSession";

    /// <summary>API key when the request carries one, otherwise the session cookie.</summary>
    public const string KeyOrSessionScheme = "TwinKeyOrSession";

    /// <summary>The cookie's name.</summary>
    public const string CookieName = "twin.session";

    /// <summary>Where people sign in.</summary>
    public const string LoginPath = "/login";

    /// <summary>How long a session lasts without use (a shift); each use within it extends it.</summary>
    public static readonly TimeSpan Lifetime = TimeSpan.FromHours(8);

    internal static AuthenticationBuilder AddBrowserSession(this AuthenticationBuilder authentication)
    {
        authentication.AddCookie(SchemeName, o =>
        {
            o.Cookie.Name = CookieName;
            o.Cookie.HttpOnly = true;
            o.Cookie.SameSite = SameSiteMode.Strict;
            o.Cookie.SecurePolicy = CookieSecurePolicy.SameAsRequest;
            o.ExpireTimeSpan = Lifetime;
            o.SlidingExpiration = true;
            o.LoginPath = LoginPath;
            o.ReturnUrlParameter = "returnUrl";
            o.Events.OnRedirectToLogin = c => Challenge(c.HttpContext, c.RedirectUri);
            o.Events.OnRedirectToAccessDenied = c => Forbid(c.HttpContext);
            o.Events.OnValidatePrincipal = ValidateAgainstConfiguredKeys;
        });
        authentication.AddPolicyScheme(KeyOrSessionScheme, "API key or browser session", o =>
            o.ForwardDefaultSelector = c => ApiKeyAuthenticationHandler.HasKey(c.Request) ? ApiKeyAuthenticationHandler.SchemeName : SchemeName);
        return authentication;
    }

    /// <summary>A page load goes to the login page; a script or the dashboard's own data requests get a 401 problem.</summary>
    private static Task Challenge(HttpContext context, string loginUri)
    {
        if (WantsPage(context.Request))
        {
            context.Response.Redirect(loginUri);
            return Task.CompletedTask;
        }

        return ApiProblems.WriteAsync(context, ApiProblems.Create(StatusCodes.Status401Unauthorized, ApiErrorCodes.MissingApiKey,
            "Sign-in required",
            $"Sign in at {LoginPath} with your key (the dashboard needs an operator or admin key), or send the key in the {ApiKeyAuthenticationHandler.HeaderName} header."));
    }

    private static Task Forbid(HttpContext context) =>
        ApiProblems.WriteAsync(context, ApiProblems.Create(StatusCodes.Status403Forbidden, ApiErrorCodes.Forbidden,
            "Role not allowed",
            $"The key '{context.User.Identity?.Name}' is valid but this page needs the '{TwinRoles.Operator}' role or higher; sign in at {LoginPath} with another key."));

    private static async Task ValidateAgainstConfiguredKeys(CookieValidatePrincipalContext context)
    {
        var registry = context.HttpContext.RequestServices.GetRequiredService<ApiKeyRegistry>();
        var name = context.Principal?.FindFirst(ApiKeyRegistry.KeyNameClaim)?.Value;
        var known = name is null ? null : registry.FindByName(name);
        if (known is null || !SameRoles(known.Principal, context.Principal!))
        {
            context.RejectPrincipal();
            await context.HttpContext.SignOutAsync(SchemeName);
            return;
        }

        // The configured key's principal, not the cookie's copy: one source of roles for keys and sessions.
        context.ReplacePrincipal(new System.Security.Claims.ClaimsPrincipal(
            new System.Security.Claims.ClaimsIdentity(known.Principal.Claims, SchemeName)));
    }

    private static bool SameRoles(System.Security.Claims.ClaimsPrincipal configured, System.Security.Claims.ClaimsPrincipal session) =>
        TwinRoles.All.All(role => configured.IsInRole(role) == session.IsInRole(role));

    private static bool WantsPage(HttpRequest request) =>
        HttpMethods.IsGet(request.Method) && request.Headers.Accept.ToString().Contains("text/html", StringComparison.OrdinalIgnoreCase);
}
