using System.Net;
using System.Security.Cryptography;
using System.Text;
using System.Text.RegularExpressions;
using Twin.Testing;

namespace Twin.Integration.Tests.Platform;

/// <summary>
/// The Orleans Dashboard (grain types, silo addresses, the live silo log) opens only to an operator or admin: by
/// API key, or by a browser session from /login. Checked against the real silo over HTTP.
/// </summary>
public sealed partial class DashboardDoorTests : IAsyncLifetime
{
    private const string OperatorKey = "twin_d00r0001_operator-key-for-the-dashboard-door-test";
    private const string ReaderKey = "twin_d00r0002_reader-key-for-the-dashboard-door-test";
    private const string PlantOperatorKey = "twin_d00r0003_operator-key-limited-to-one-plant";
    private const string FeedsOperatorKey = "twin_d00r0004_operator-key-limited-to-feeds";
    private static readonly TimeSpan _timeout = TimeSpan.FromSeconds(90);
    private SiloProcess? _silo;

    public async Task InitializeAsync()
    {
        _silo = SiloProcess.Start(null,
            "--Twin:Api:Keys:0:Name=shift-lead", $"--Twin:Api:Keys:0:Hash={Hash(OperatorKey)}", "--Twin:Api:Keys:0:Role=operator",
            "--Twin:Api:Keys:1:Name=viewer", $"--Twin:Api:Keys:1:Hash={Hash(ReaderKey)}", "--Twin:Api:Keys:1:Role=reader",
            "--Twin:Api:Keys:2:Name=line-2", $"--Twin:Api:Keys:2:Hash={Hash(PlantOperatorKey)}", "--Twin:Api:Keys:2:Role=operator", "--Twin:Api:Keys:2:Plants:0=p1",
            "--Twin:Api:Keys:3:Name=portal", $"--Twin:Api:Keys:3:Hash={Hash(FeedsOperatorKey)}", "--Twin:Api:Keys:3:Role=operator", "--Twin:Api:Keys:3:Purpose=feeds");
        await _silo.WaitUntilReadyAsync(_timeout);
    }

    public async Task DisposeAsync()
    {
        if (_silo is not null)
        {
            await _silo.DisposeAsync();
        }
    }

    [Theory]
    [InlineData("/dashboard/")]
    [InlineData("/dashboard/ClusterStats")]
    [InlineData("/dashboard/Trace")]
    [InlineData("/dashboard/Reminders")]
    public async Task Dashboard_refuses_requests_without_credentials(string path)
    {
        using var http = Client();
        using var response = await http.GetAsync(path);
        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Contains("/login", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_browser_without_a_session_is_sent_to_the_login_page()
    {
        using var http = Client();
        using var request = new HttpRequestMessage(HttpMethod.Get, "/dashboard/");
        request.Headers.Accept.ParseAdd("text/html");
        using var response = await http.SendAsync(request);
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.StartsWith("/login?returnUrl=", response.Headers.Location!.PathAndQuery, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Reader_key_is_forbidden_and_operator_key_opens_the_dashboard()
    {
        using var http = Client();
        Assert.Equal(HttpStatusCode.Forbidden, await StatusWithKey(http, "/dashboard/ClusterStats", ReaderKey));
        Assert.Equal(HttpStatusCode.Unauthorized, await StatusWithKey(http, "/dashboard/ClusterStats", "twin_00000000_not-a-configured-key"));
        Assert.Equal(HttpStatusCode.OK, await StatusWithKey(http, "/dashboard/ClusterStats", OperatorKey));
    }

    [Fact]
    public async Task Operator_keys_limited_to_a_plant_or_to_feeds_do_not_open_the_dashboard()
    {
        // The dashboard shows every plant's grains and the silo's log: a key limited to one plant or to feeds is refused.
        using var http = Client();
        foreach (var key in new[] { PlantOperatorKey, FeedsOperatorKey })
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, "/dashboard/ClusterStats");
            request.Headers.Add("X-Api-Key", key);
            using var response = await http.SendAsync(request);
            Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
            Assert.Contains(key == PlantOperatorKey ? "plant-not-allowed" : "purpose-not-allowed", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        }

        Assert.Equal(HttpStatusCode.OK, await StatusWithKey(http, "/api/plants/p1/machines", PlantOperatorKey));
        Assert.Equal(HttpStatusCode.OK, await StatusWithKey(http, "/api/plants/p2/machines", FeedsOperatorKey));
    }

    [Fact]
    public async Task Metrics_need_an_operator_key_and_are_served_in_prometheus_text_format()
    {
        using var http = Client();
        Assert.Equal(HttpStatusCode.Unauthorized, (await http.GetAsync("/metrics")).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, await StatusWithKey(http, "/metrics", ReaderKey));

        using var request = new HttpRequestMessage(HttpMethod.Get, "/metrics");
        // Prometheus sends a key as a bearer token (authorization: credentials in its scrape config).
        request.Headers.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", OperatorKey);
        using var response = await http.SendAsync(request);
        var text = await response.Content.ReadAsStringAsync();
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.StartsWith("text/plain", response.Content.Headers.ContentType?.MediaType, StringComparison.Ordinal);
        Assert.Contains("# TYPE", text, StringComparison.Ordinal);
        Assert.Contains("dotnet_", text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Unknown_silo_address_is_a_404_not_a_500()
    {
        using var http = Client();
        using var request = new HttpRequestMessage(HttpMethod.Get, "/dashboard/HistoricalStats/x");
        request.Headers.Add("X-Api-Key", OperatorKey);
        using var response = await http.SendAsync(request);
        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Contains("silo-not-found", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Login_with_an_operator_key_gives_a_session_that_opens_the_dashboard_but_not_the_api()
    {
        using var handler = new HttpClientHandler { AllowAutoRedirect = false, UseCookies = true, CookieContainer = new CookieContainer() };
        using var http = new HttpClient(handler) { BaseAddress = _silo!.HttpBase };

        Assert.Equal(HttpStatusCode.Unauthorized, (await PostLogin(http, "twin_00000000_wrong-key")).StatusCode);
        var login = await PostLogin(http, OperatorKey);
        Assert.Equal(HttpStatusCode.Redirect, login.StatusCode);
        Assert.Equal("/dashboard/", login.Headers.Location!.OriginalString);
        var cookie = handler.CookieContainer.GetCookies(_silo.HttpBase)["twin.session"];
        Assert.NotNull(cookie);
        Assert.True(cookie.HttpOnly);
        Assert.DoesNotContain(OperatorKey, cookie.Value, StringComparison.Ordinal);

        Assert.Equal(HttpStatusCode.OK, (await http.GetAsync("/dashboard/ClusterStats")).StatusCode);
        // The REST API takes keys only: a cookie there would let another site's page send commands (CSRF).
        Assert.Equal(HttpStatusCode.Unauthorized, (await http.GetAsync("/api/me")).StatusCode);

        Assert.Equal(HttpStatusCode.Redirect, (await http.PostAsync("/logout", null)).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await http.GetAsync("/dashboard/ClusterStats")).StatusCode);
    }

    [Fact]
    public async Task Login_without_the_form_token_is_refused()
    {
        using var http = Client();
        using var form = new FormUrlEncodedContent(new Dictionary<string, string> { ["key"] = OperatorKey });
        using var response = await http.PostAsync("/login", form);
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Null(response.Headers.TryGetValues("Set-Cookie", out var cookies)
            ? cookies.FirstOrDefault(c => c.StartsWith("twin.session=", StringComparison.Ordinal)) : null);
    }

    [Fact]
    public async Task Login_refuses_to_send_the_browser_to_another_site()
    {
        using var handler = new HttpClientHandler { AllowAutoRedirect = false, UseCookies = true, CookieContainer = new CookieContainer() };
        using var http = new HttpClient(handler) { BaseAddress = _silo!.HttpBase };
        var login = await PostLogin(http, OperatorKey, returnUrl: "//evil.example/steal");
        Assert.Equal("/dashboard/", login.Headers.Location!.OriginalString);
    }

    private HttpClient Client() =>
        new(new HttpClientHandler { AllowAutoRedirect = false, UseCookies = false }) { BaseAddress = _silo!.HttpBase };

    private static async Task<HttpStatusCode> StatusWithKey(HttpClient http, string path, string key)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, path);
        request.Headers.Add("X-Api-Key", key);
        using var response = await http.SendAsync(request);
        return response.StatusCode;
    }

    private static async Task<HttpResponseMessage> PostLogin(HttpClient http, string key, string returnUrl = "/dashboard/")
    {
        var page = await http.GetStringAsync("/login");
        var token = TokenField().Match(page).Groups[1].Value;
        using var form = new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["key"] = key,
            ["returnUrl"] = returnUrl,
            ["__RequestVerificationToken"] = WebUtility.HtmlDecode(token),
        });
        return await http.PostAsync("/login", form);
    }

    private static string Hash(string key) =>
        "sha256:" + Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(key)));

    [GeneratedRegex("name=\"__RequestVerificationToken\" value=\"([^\"]*)\"")]
    private static partial Regex TokenField();
}
