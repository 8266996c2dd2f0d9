using System.Text.Encodings.Web;
using Microsoft.AspNetCore.Http;

namespace Twin.Api.Security;

/// <summary>
/// The sign-in page: one field for the key, nothing loaded from elsewhere. Served with a strict content security
/// policy and no caching, and refused inside frames, so another site cannot overlay or replay it.
/// </summary>
internal static class LoginPage
{
    private const string SecurityPolicy = "default-src 'none'; style-src 'unsafe-inline'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'";

    public static async Task WriteAsync(HttpContext context, string returnUrl, string? antiforgeryField, string antiforgeryToken, string? error, int status)
    {
        var html = HtmlEncoder.Default;
        context.Response.StatusCode = status;
        context.Response.ContentType = "text/html; charset=utf-8";
        context.Response.Headers.CacheControl = "no-store";
        context.Response.Headers.ContentSecurityPolicy = SecurityPolicy;
        context.Response.Headers.XFrameOptions = "DENY";
        var message = error is null ? "" : $"<p class=\"error\" role=\"alert\">{html.Encode(error)}</p>";
        await context.Response.WriteAsync($$"""
            <!doctype html>
            <html lang="en">
            <head><meta charset="utf-8"><title>Twin — sign in</title>
            <style>
              body { font-family: system-ui, sans-serif; background: #f4f5f7; display: grid; place-items: center; min-height: 90vh; }
              form { background: #fff; padding: 2rem; border-radius: 8px; box-shadow: 0 1px 4px #0002; width: 26rem; }
              input[type=password] { width: 100%; padding: .5rem; font-family: monospace; box-sizing: border-box; }
              button { margin-top: 1rem; padding: .5rem 1.5rem; }
              .error { color: #b00020; }
            </style></head>
            <body>
            <form method="post" action="{{BrowserSession.LoginPath}}">
              <h1>Twin</h1>
              <p>Sign in with your API key (an operator or admin key opens the dashboard).</p>
              {{message}}
              <label for="key">API key</label>
              <input type="password" id="key" name="key" autocomplete="current-password" required autofocus>
              <input type="hidden" name="returnUrl" value="{{html.Encode(returnUrl)}}">
              <input type="hidden" name="{{html.Encode(antiforgeryField ?? "__RequestVerificationToken")}}" value="{{html.Encode(antiforgeryToken)}}">
              <button type="submit">Sign in</button>
            </form>
            </body>
            </html>
            """);
    }
}
