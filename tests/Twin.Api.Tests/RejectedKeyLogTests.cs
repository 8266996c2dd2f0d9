using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Time.Testing;
using Twin.Api.Security;
using Twin.Api.Tests.Infrastructure;

namespace Twin.Api.Tests;

/// <summary>
/// Refused API keys are logged at most once a minute for the silo, with a count of what was not logged: a
/// scanner or a script with a wrong key must not flood the log (it wrote two lines per request).
/// </summary>
public sealed class RejectedKeyLogTests
{
    [Fact]
    public async Task Many_requests_with_a_wrong_key_write_one_line()
    {
        var logs = new CollectingLoggerProvider();
        await using var app = ApiOnlyApp.Build(TestKeys.AsConfiguration(), generateDevelopmentKey: false, logs);
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        await app.StartAsync(timeout.Token);
        try
        {
            using var http = new HttpClient { BaseAddress = ApiOnlyApp.BaseAddress(app), Timeout = TimeSpan.FromSeconds(10) };
            http.DefaultRequestHeaders.Add("X-Api-Key", "twin_00000000_a-key-nobody-configured");
            for (var i = 0; i < 25; i++)
            {
                using var response = await http.GetAsync("/api/me", timeout.Token);
                Assert.Equal(System.Net.HttpStatusCode.Unauthorized, response.StatusCode);
            }

            var lines = logs.Messages.Where(m => m.Contains("API key", StringComparison.Ordinal) || m.Contains("not authenticated", StringComparison.Ordinal)).ToList();
            var line = Assert.Single(lines);
            Assert.Contains("Refused a request with an API key that matches no configured key (from 127.0.0.1)", line, StringComparison.Ordinal);
            Assert.DoesNotContain("a-key-nobody-configured", string.Join('\n', logs.Messages), StringComparison.Ordinal);
        }
        finally
        {
            await app.StopAsync(timeout.Token);
        }
    }

    [Fact]
    public void The_next_line_after_the_interval_counts_what_was_not_logged()
    {
        var logs = new CollectingLoggerProvider();
        using var factory = LoggerFactory.Create(b => b.AddProvider(logs));
        var clock = new FakeTimeProvider();
        var log = new RejectedKeyLog(factory.CreateLogger<RejectedKeyLog>(), clock);

        log.Rejected("a request", "10.0.0.7");
        for (var i = 0; i < 19; i++)
        {
            log.Rejected("a request", "10.0.0.7");
        }

        Assert.Single(logs.Messages);
        clock.Advance(RejectedKeyLog.Interval);
        log.Rejected("a sign-in", "10.0.0.8");

        Assert.Equal(2, logs.Messages.Count);
        Assert.Contains("Refused a sign-in with an API key that matches no configured key (from 10.0.0.8); 19 more refused key(s)", logs.Messages.Last(), StringComparison.Ordinal);
    }
}
