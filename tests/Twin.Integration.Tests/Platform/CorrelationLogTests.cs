using System.Net.Http.Json;
using System.Text.RegularExpressions;
using Twin.Testing;

namespace Twin.Integration.Tests.Platform;

/// <summary>
/// The business correlation id is on the log lines written for a piece of work: the REST request's own lines and the
/// lines a twin writes while it handles the command, in the silo's console format.
/// </summary>
public sealed class CorrelationLogTests
{
    [Fact]
    public async Task Lines_written_for_a_request_and_by_the_twin_handling_it_name_its_correlation_id()
    {
        await using var silo = SiloProcess.Start(null,
            "--Logging:LogLevel:Twin.Grains=Debug", "--Logging:LogLevel:Microsoft.AspNetCore.Routing=Information");
        await silo.WaitUntilReadyAsync(TimeSpan.FromSeconds(60));
        var key = Regex.Match(silo.Output, "twin_[0-9a-f]{8}_[A-Za-z0-9_-]+").Value;
        Assert.False(string.IsNullOrEmpty(key), $"No development key in the output:\n{silo.Output}");

        using var http = new HttpClient { BaseAddress = silo.HttpBase, Timeout = TimeSpan.FromSeconds(10) };
        using var create = new HttpRequestMessage(HttpMethod.Post, "/api/plants/p1/locations")
        {
            Content = JsonContent.Create(new { locationId = "bin-corr", name = "Bin with a correlation" }),
        };
        create.Headers.Add("X-Api-Key", key);
        create.Headers.Add("Idempotency-Key", "corr-log-1");
        create.Headers.Add("X-Correlation-Id", "shift-report-4711");
        using var created = await http.SendAsync(create);
        Assert.True(created.IsSuccessStatusCode, $"creating the location answered {(int)created.StatusCode}");

        var deadline = DateTime.UtcNow.AddSeconds(15);
        while (DateTime.UtcNow < deadline && !silo.Output.Contains("WarehouseLocationGrain[0] correlation shift-report-4711", StringComparison.Ordinal))
        {
            await Task.Delay(100);
        }

        Assert.Matches(@"info: Microsoft\.AspNetCore\.Routing\.EndpointMiddleware\[\d+\] correlation shift-report-4711", silo.Output);
        Assert.Contains("dbug: Twin.Grains.Locations.WarehouseLocationGrain[0] correlation shift-report-4711", silo.Output, StringComparison.Ordinal);
        // Only the correlation scope is printed: ASP.NET Core's request and connection scopes stay off the console.
        Assert.DoesNotContain("=> ", silo.Output, StringComparison.Ordinal);
    }
}
