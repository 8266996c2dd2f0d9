using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Orleans;
using Orleans.Hosting;

namespace Twin.Benchmarks.Scenarios.Baseline;

/// <summary>
/// Bare Orleans grain calls from an external client process through the gateway (sub-command <c>bare-reads</c>):
/// the same shape as the SDK reader (one process, the same number in flight, random ids), with a plain Orleans
/// client and the trivial <see cref="IBareGrain"/>. Prints "READY" once connected and "COUNT n" per "mark".
/// </summary>
public static class BareReadLoad
{
    public static async Task<int> RunAsync(int gatewayPort, int grains, int inFlight)
    {
        var builder = Host.CreateApplicationBuilder();
        builder.Logging.ClearProviders().AddConsole().AddFilter<Microsoft.Extensions.Logging.Console.ConsoleLoggerProvider>(null, LogLevel.Warning);
        builder.UseOrleansClient(client => client.UseLocalhostClustering(gatewayPort, BaselineHost.ServiceId, BaselineHost.ServiceId));
        using var host = builder.Build();
        await host.StartAsync();
        var factory = host.Services.GetRequiredService<IClusterClient>();
        await factory.GetGrain<IBareGrain>(0).Get();

        long reads = 0;
        using var stop = new CancellationTokenSource();
        var workers = Enumerable.Range(0, inFlight).Select(w => Task.Run(async () =>
        {
            var random = new Random(w);
            while (!stop.IsCancellationRequested)
            {
                await factory.GetGrain<IBareGrain>(random.Next(grains)).Get();
                Interlocked.Increment(ref reads);
            }
        })).ToList();

        Console.WriteLine("READY");
        while (await Console.In.ReadLineAsync() is { } line)
        {
            if (line.Trim() == "mark")
            {
                Console.WriteLine($"COUNT {Interlocked.Read(ref reads)}");
            }
        }

        await stop.CancelAsync();
        await Task.WhenAll(workers);
        await host.StopAsync();
        return 0;
    }
}
