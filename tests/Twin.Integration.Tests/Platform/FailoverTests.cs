using System.Diagnostics;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Orleans.Configuration;
using Orleans.Hosting;
using Twin.Contracts.Diagnostics;
using Twin.Testing;
using Xunit.Abstractions;

namespace Twin.Integration.Tests.Platform;

/// <summary>Two silo processes clustered through PostgreSQL membership; one dies with kill -9.</summary>
public sealed class FailoverTests(PostgresDatabaseFixture database, ITestOutputHelper output) : IClassFixture<PostgresDatabaseFixture>
{
    private static readonly TimeSpan _failoverBudget = TimeSpan.FromSeconds(10);

    [Fact]
    public async Task Killing_the_silo_that_hosts_a_grain_moves_it_to_the_survivor_with_state_intact_within_10_s()
    {
        var clusterId = $"failover-{Guid.NewGuid():N}";
        var environment = new Dictionary<string, string>
        {
            ["ConnectionStrings__Twin"] = database.ConnectionString,
            ["Twin__ClusterId"] = clusterId,
        };
        await using var siloA = SiloProcess.Start(environment);
        await using var siloB = SiloProcess.Start(environment);
        await Task.WhenAll(siloA.WaitUntilReadyAsync(TimeSpan.FromSeconds(90)), siloB.WaitUntilReadyAsync(TimeSpan.FromSeconds(90)));

        using var client = await StartClientAsync(clusterId);
        var probe = client.Services.GetRequiredService<IClusterClient>().GetGrain<IClusterProbeGrain>("failover-probe");
        ClusterProbeReading before = null!;
        for (var i = 0; i < 5; i++)
        {
            before = await probe.Touch().WaitAsync(TimeSpan.FromSeconds(30));
        }

        var (host, survivor) = before.SiloPort == siloA.SiloPort ? (siloA, siloB) : (siloB, siloA);
        Assert.True(before.SiloPort == host.SiloPort, $"Probe answered from port {before.SiloPort}, which is neither silo ({siloA.SiloPort}, {siloB.SiloPort}).");

        host.KillHard();
        var clock = Stopwatch.StartNew();
        ClusterProbeReading? after = null;
        var failures = new List<string>();
        while (after is null && clock.Elapsed < _failoverBudget)
        {
            try
            {
                after = await probe.Read().WaitAsync(_failoverBudget);
            }
            catch (Exception e) when (e is TimeoutException or SiloUnavailableException or OrleansException)
            {
                // The client learns of the death by timing out (5 s) or by the cluster declaring the silo dead.
                failures.Add($"{clock.Elapsed.TotalSeconds:F1}s {e.GetType().Name}");
            }
        }

        clock.Stop();
        output.WriteLine($"First successful call {clock.Elapsed.TotalSeconds:F1} s after kill -9; failed attempts: {string.Join(", ", failures)}");
        Assert.True(after is not null,
            $"No call reached 'failover-probe' within {_failoverBudget.TotalSeconds} s after kill -9 of the silo on port {host.SiloPort}. Attempts: {string.Join(", ", failures)}\nSurvivor output:\n{survivor.Output}");
        Assert.Equal(survivor.SiloPort, after.SiloPort);
        Assert.True(after.Touches == 5, $"The probe's state should be intact (5 touches) on the survivor, read {after.Touches}.");
    }

    private async Task<IHost> StartClientAsync(string clusterId)
    {
        var host = Host.CreateDefaultBuilder()
            .UseOrleansClient(client =>
            {
                client.UseAdoNetClustering(o =>
                {
                    o.Invariant = "Npgsql";
                    o.ConnectionString = database.ConnectionString;
                });
                client.Configure<ClusterOptions>(o =>
                {
                    o.ClusterId = clusterId;
                    o.ServiceId = "twin";
                });
                // The 30 s default would alone exceed the failover budget (first call after a kill -9 came at 30.6 s with it, 5.6 s with 5 s: docs/architecture.md).
                client.Configure<ClientMessagingOptions>(o => o.ResponseTimeout = TimeSpan.FromSeconds(5));
            })
            .ConfigureLogging(logging => logging.SetMinimumLevel(LogLevel.Warning))
            .Build();
        using var deadline = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        await host.StartAsync(deadline.Token);
        return host;
    }
}
