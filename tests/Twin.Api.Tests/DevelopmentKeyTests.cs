using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Twin.Api.Security;
using Twin.Api.Tests.Infrastructure;

namespace Twin.Api.Tests;

/// <summary>
/// The embedded default with no keys configured: a development key is generated, printed with a
/// curl example and accepted as admin. Also: bad key configuration stops the start with a clear message.
/// These run a small API-only web app (no silo): the key handling does not involve grains.
/// </summary>
public sealed class DevelopmentKeyTests
{
    [Fact]
    public async Task Without_configured_keys_a_development_admin_key_is_generated_printed_and_accepted()
    {
        var logs = new CollectingLoggerProvider();
        await using var app = ApiOnlyApp.Build(new Dictionary<string, string?>(), generateDevelopmentKey: true, logs);
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        await app.StartAsync(timeout.Token);
        try
        {
            var key = app.Services.GetRequiredService<DevelopmentApiKey>().Key;
            Assert.StartsWith("twin_", key);
            var announcement = Assert.Single(logs.Messages, m => m.Contains(key, StringComparison.Ordinal));
            Assert.Contains("curl -H 'X-Api-Key: " + key + "' http://127.0.0.1:", announcement);
            Assert.Contains("/api/me", announcement);

            using var http = new HttpClient { BaseAddress = ApiOnlyApp.BaseAddress(app), Timeout = TimeSpan.FromSeconds(10) };
            http.DefaultRequestHeaders.Add("X-Api-Key", key);
            var me = await http.GetFromJsonAsync<JsonElement>("/api/me", timeout.Token);
            Assert.Equal("development", me.GetProperty("key").GetString());
            Assert.Equal("admin", me.GetProperty("role").GetString());
        }
        finally
        {
            await app.StopAsync(timeout.Token);
        }
    }

    [Fact]
    public async Task With_configured_keys_no_development_key_is_generated()
    {
        await using var app = ApiOnlyApp.Build(TestKeys.AsConfiguration(), generateDevelopmentKey: true, new CollectingLoggerProvider());
        Assert.Null(app.Services.GetService<DevelopmentApiKey>());
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        await app.StartAsync(timeout.Token);
        try
        {
            using var http = new HttpClient { BaseAddress = ApiOnlyApp.BaseAddress(app), Timeout = TimeSpan.FromSeconds(10) };
            using var anonymous = await http.GetAsync("/api/me", timeout.Token);
            Assert.Equal(HttpStatusCode.Unauthorized, anonymous.StatusCode);
        }
        finally
        {
            await app.StopAsync(timeout.Token);
        }
    }

    [Fact]
    public async Task A_plain_key_pasted_as_hash_or_an_unknown_role_stops_the_start_with_a_clear_message()
    {
        var settings = new Dictionary<string, string?>
        {
            ["Twin:Api:Keys:0:Name"] = "mes",
            ["Twin:Api:Keys:0:Hash"] = "twin_1234abcd_plain-key-by-mistake",
            ["Twin:Api:Keys:0:Role"] = "superuser",
        };
        await using var app = ApiOnlyApp.Build(settings, generateDevelopmentKey: true, new CollectingLoggerProvider());
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        var error = await Assert.ThrowsAsync<OptionsValidationException>(() => app.StartAsync(timeout.Token));
        Assert.Contains("Twin:Api:Keys:0:Hash must be 'sha256:'", error.Message);
        Assert.Contains("Role 'superuser' is unknown", error.Message);
    }

    [Fact]
    public void Stored_hash_is_sha256_hex_of_the_key()
    {
        // Known vector: SHA-256("abc").
        Assert.Equal("sha256:ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad", ApiKeyHash.Of("abc"));
        Assert.True(ApiKeyHash.IsWellFormed(ApiKeyHash.Of(ApiKeyHash.NewKey())));
        Assert.NotEqual(ApiKeyHash.NewKey(), ApiKeyHash.NewKey());
    }
}
