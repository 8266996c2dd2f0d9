using System.Net;
using Twin.Testing;

namespace Twin.Integration.Tests.Platform;

/// <summary>The embedded default as an operator meets it: one command, dashboard and health over real HTTP.</summary>
public sealed class EmbeddedSiloTests
{
    [Fact]
    public async Task Embedded_default_serves_dashboard_and_ready_health_and_stops_on_sigterm()
    {
        await using var silo = SiloProcess.Start();
        await silo.WaitUntilReadyAsync(TimeSpan.FromSeconds(60));

        using var http = new HttpClient { BaseAddress = silo.HttpBase, Timeout = TimeSpan.FromSeconds(10) };
        using var ready = await http.GetAsync("/health/ready");
        Assert.Equal(HttpStatusCode.OK, ready.StatusCode);
        using var live = await http.GetAsync("/health/live");
        Assert.Equal(HttpStatusCode.OK, live.StatusCode);

        using var anonymous = await http.GetAsync("/dashboard/");
        Assert.Equal(HttpStatusCode.Unauthorized, anonymous.StatusCode);
        // The embedded default prints a development admin key at start; it opens the dashboard.
        var key = System.Text.RegularExpressions.Regex.Match(silo.Output, "twin_[0-9a-f]{8}_[A-Za-z0-9_-]+").Value;
        Assert.False(string.IsNullOrEmpty(key), $"No development key in the output:\n{silo.Output}");
        using var request = new HttpRequestMessage(HttpMethod.Get, "/dashboard/");
        request.Headers.Add("X-Api-Key", key);
        using var dashboard = await http.SendAsync(request);
        Assert.Equal(HttpStatusCode.OK, dashboard.StatusCode);
        var page = await dashboard.Content.ReadAsStringAsync();
        Assert.Contains("<html", page, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("Orleans", page, StringComparison.OrdinalIgnoreCase);

        Assert.Contains("LOST when this silo stops", silo.Output, StringComparison.Ordinal);
        Assert.Contains($"{silo.HttpBase.ToString().TrimEnd('/')}/dashboard/", silo.Output, StringComparison.Ordinal);

        // Twins active at the stop: Orleans 10 tries to migrate each and, with no other silo, would log a stack trace
        // per activation. An orderly stop says what it stops and nothing more.
        for (var i = 0; i < 50; i++)
        {
            using var create = new HttpRequestMessage(HttpMethod.Post, "/api/plants/p1/locations")
            {
                Content = System.Net.Http.Json.JsonContent.Create(new { locationId = $"bin-{i}", name = $"Bin {i}" }),
            };
            create.Headers.Add("X-Api-Key", key);
            create.Headers.Add("Idempotency-Key", $"sigterm-{i}");
            using var created = await http.SendAsync(create);
            Assert.True(created.IsSuccessStatusCode, $"creating bin-{i} answered {(int)created.StatusCode}");
        }

        var before = silo.Output.Length;
        silo.Terminate();
        var exitCode = await silo.WaitForExitAsync(TimeSpan.FromSeconds(30));
        Assert.True(exitCode == 0, $"SIGTERM should stop the silo gracefully with exit code 0, got {exitCode}. Output:\n{silo.Output}");
        var stopping = silo.Output[before..];
        Assert.DoesNotContain("   at ", stopping, StringComparison.Ordinal);
        Assert.DoesNotContain("migration destination", stopping, StringComparison.Ordinal);
    }
}
