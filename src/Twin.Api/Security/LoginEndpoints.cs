using Microsoft.AspNetCore.Antiforgery;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace Twin.Api.Security;

/// <summary>
/// <c>GET /login</c> shows the sign-in page, <c>POST /login</c> turns a valid key into a browser session
/// (<see cref="BrowserSession"/>), <c>POST /logout</c> ends it. The form carries an antiforgery token, so another
/// site cannot sign a browser in with a key of its choosing.
/// </summary>
internal static class LoginEndpoints
{
    private const string DefaultReturnUrl = "/dashboard/";

    // A key is ~57 characters; anything far longer is not a key and is not hashed.
    private const int MaxKeyLength = 512;

    public static IEndpointRouteBuilder MapLogin(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapGet(BrowserSession.LoginPath, ShowAsync).AllowAnonymous().ExcludeFromDescription();
        endpoints.MapPost(BrowserSession.LoginPath, SignInAsync).AllowAnonymous().DisableAntiforgery().ExcludeFromDescription();
        endpoints.MapPost("/logout", SignOutAsync).AllowAnonymous().DisableAntiforgery().ExcludeFromDescription();
        return endpoints;
    }

    private static Task ShowAsync(HttpContext context, IAntiforgery antiforgery, string? returnUrl) =>
        Render(context, antiforgery, returnUrl, error: null, StatusCodes.Status200OK);

    private static async Task SignInAsync(HttpContext context, IAntiforgery antiforgery, ApiKeyRegistry keys, RejectedKeyLog rejected)
    {
        if (!context.Request.HasFormContentType)
        {
            await Render(context, antiforgery, null, "Send the sign-in form (application/x-www-form-urlencoded).", StatusCodes.Status415UnsupportedMediaType);
            return;
        }

        var form = await context.Request.ReadFormAsync(context.RequestAborted);
        var returnUrl = form["returnUrl"].ToString();
        try
        {
            // Checked by hand (not by the endpoint filter) so a stale page gets the form back, not a bare 400.
            await antiforgery.ValidateRequestAsync(context);
        }
        catch (AntiforgeryValidationException)
        {
            await Render(context, antiforgery, returnUrl, "The sign-in page had expired; enter your key again.", StatusCodes.Status400BadRequest);
            return;
        }

        var presented = form["key"].ToString().Trim();
        var known = presented.Length is > 0 and <= MaxKeyLength ? keys.Find(presented) : null;
        if (known is null)
        {
            rejected.Rejected("a sign-in", context.Connection.RemoteIpAddress?.ToString());
            await Render(context, antiforgery, returnUrl, "That key matches no configured key. Check for a typo or ask an admin for a key.", StatusCodes.Status401Unauthorized);
            return;
        }

        var identity = new System.Security.Claims.ClaimsIdentity(known.Principal.Claims, BrowserSession.SchemeName);
        await context.SignInAsync(BrowserSession.SchemeName, new System.Security.Claims.ClaimsPrincipal(identity));
        context.Response.Redirect(LocalOrDefault(returnUrl));
    }

    private static async Task SignOutAsync(HttpContext context)
    {
        await context.SignOutAsync(BrowserSession.SchemeName);
        context.Response.Redirect(BrowserSession.LoginPath);
    }

    private static Task Render(HttpContext context, IAntiforgery antiforgery, string? returnUrl, string? error, int status)
    {
        var tokens = antiforgery.GetAndStoreTokens(context);
        return LoginPage.WriteAsync(context, LocalOrDefault(returnUrl), tokens.FormFieldName, tokens.RequestToken ?? "", error, status);
    }

    /// <summary>Only a path on this server: "//host" and "/\host" would send the browser to another site.</summary>
    internal static string LocalOrDefault(string? url) =>
        url is { Length: > 0 } && url[0] == '/' && (url.Length == 1 || (url[1] != '/' && url[1] != '\\')) && !url.Contains("://", StringComparison.Ordinal)
            ? url
            : DefaultReturnUrl;
}
