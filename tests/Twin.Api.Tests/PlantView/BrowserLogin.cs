using System.Net;
using System.Text.RegularExpressions;
using Twin.Api.Tests.Infrastructure;

namespace Twin.Api.Tests.PlantView;

/// <summary>An HTTP client that signed in at /login with a key, as a browser does: it holds the session cookie.</summary>
internal static partial class BrowserLogin
{
    public static async Task<HttpClient> SignInAsync(ApiSiloFixture silo, string key)
    {
        var handler = new HttpClientHandler { AllowAutoRedirect = false, CookieContainer = new CookieContainer() };
        var browser = new HttpClient(handler, disposeHandler: true) { BaseAddress = silo.BaseAddress };
        var page = await browser.GetStringAsync("/login");
        var token = Token().Match(page).Groups[1].Value;
        using var form = new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["key"] = key, ["returnUrl"] = "/plant", ["__RequestVerificationToken"] = WebUtility.HtmlDecode(token),
        });
        using var login = await browser.PostAsync("/login", form);
        Assert.Equal(HttpStatusCode.Redirect, login.StatusCode);
        return browser;
    }

    [GeneratedRegex("name=\"__RequestVerificationToken\" value=\"([^\"]*)\"")]
    private static partial Regex Token();
}
