using System.Text;
using System.Text.Encodings.Web;
using Microsoft.AspNetCore.Http;

namespace Twin.Api.PlantView;

/// <summary><c>/plant</c> without a plant: the plants the caller may see as links, and a field for any other id.</summary>
internal static class PlantChooserPage
{
    public static async Task WriteAsync(HttpContext context, IReadOnlyList<string> plants, string? error)
    {
        var html = HtmlEncoder.Default;
        var links = new StringBuilder();
        foreach (var plant in plants)
        {
            links.Append($"<li><a href=\"/plant/{html.Encode(Uri.EscapeDataString(plant))}\">{html.Encode(plant)}</a></li>");
        }

        var response = context.Response;
        response.StatusCode = error is null ? StatusCodes.Status200OK : StatusCodes.Status400BadRequest;
        response.ContentType = "text/html; charset=utf-8";
        response.Headers.CacheControl = "no-store";
        response.Headers.ContentSecurityPolicy = PlantViewAssets.SecurityPolicy;
        response.Headers.XFrameOptions = "DENY";
        response.Headers.XContentTypeOptions = "nosniff";
        var message = error is null ? "" : $"<p class=\"error\" role=\"alert\">{html.Encode(error)}</p>";
        var list = plants.Count == 0 ? "" : $"<ul class=\"plants\">{links}</ul>";
        await response.WriteAsync($$"""
            <!doctype html>
            <html lang="en">
            <head><meta charset="utf-8"><title>Twin — plants</title><link rel="stylesheet" href="/plant/assets/plant.css"></head>
            <body class="chooser">
            <main>
              <h1>Twin plant view</h1>
              {{message}}
              {{list}}
              <form method="get" action="/plant">
                <label for="plant">Plant id</label>
                <input id="plant" name="plant" required maxlength="128" autofocus>
                <button type="submit">Open</button>
              </form>
            </main>
            </body>
            </html>
            """);
    }
}
