using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Twin.Client;

namespace Twin.Benchmarks.Scenarios.TwinScale;

/// <summary>
/// A plant app reading machine twins through the client SDK, as its own process (sub-command <c>sdk-reads</c>):
/// keeps <c>inFlight</c> reads of random machines going, prints "READY" once connected and "COUNT n" per "mark".
/// </summary>
public static class SdkReadLoad
{
    public static async Task<int> RunAsync(int gatewayPort, int machines, int inFlight)
    {
        var builder = Host.CreateApplicationBuilder();
        builder.Logging.ClearProviders().AddConsole().AddFilter<Microsoft.Extensions.Logging.Console.ConsoleLoggerProvider>(null, LogLevel.Warning);
        builder.AddTwinClient(o => o.GatewayPort = gatewayPort);
        using var host = builder.Build();
        await host.StartAsync();
        var twins = host.Services.GetRequiredService<ITwinClient>();

        // One read first, so a broken setup fails here with a message rather than as a zero count.
        if (await twins.Machines.GetAsync(BenchmarkMachines.Id(0)) is null)
        {
            await Console.Error.WriteLineAsync($"sdk-reads: machine twin {BenchmarkMachines.Id(0)} does not exist; the benchmark should have registered {machines} machines.");
            return 1;
        }

        long reads = 0;
        long missing = 0;
        using var stop = new CancellationTokenSource();
        var workers = Enumerable.Range(0, inFlight).Select(w => Task.Run(async () =>
        {
            var random = new Random(w);
            while (!stop.IsCancellationRequested)
            {
                var snapshot = await twins.Machines.GetAsync(BenchmarkMachines.Id(random.Next(machines)));
                if (snapshot is null)
                {
                    Interlocked.Increment(ref missing);
                }

                Interlocked.Increment(ref reads);
            }
        })).ToList();

        Console.WriteLine("READY");
        while (await Console.In.ReadLineAsync() is { } line)
        {
            if (line.Trim() == "mark")
            {
                if (Interlocked.Read(ref missing) > 0)
                {
                    await Console.Error.WriteLineAsync($"sdk-reads: {missing} reads found no twin.");
                    return 1;
                }

                Console.WriteLine($"COUNT {Interlocked.Read(ref reads)}");
            }
        }

        await stop.CancelAsync();
        await Task.WhenAll(workers);
        await host.StopAsync();
        return 0;
    }
}
