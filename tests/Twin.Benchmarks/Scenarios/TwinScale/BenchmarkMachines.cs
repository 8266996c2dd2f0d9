using System.Globalization;
using Twin.Contracts;

namespace Twin.Benchmarks.Scenarios.TwinScale;

/// <summary>The benchmark plant's machines: ids, registration and a first batch of signals like ingest sends.</summary>
public static class BenchmarkMachines
{
    /// <summary>
    /// Twins are spread over plants of 500 machines, as a multi-plant deployment would hold them. One plant of
    /// 100,000 machines is not realistic, and its directory grain (which rewrites its whole state on every
    /// listing change) turns registration quadratic: measured, registrations timed out after about 2,500.
    /// </summary>
    public const int MachinesPerPlant = 500;

    public static string Id(int index) => string.Create(CultureInfo.InvariantCulture, $"m-{index:D6}");

    public static string Plant(int index) => string.Create(CultureInfo.InvariantCulture, $"bench-plant-{index / MachinesPerPlant:D3}");

    /// <summary>Registers and feeds <paramref name="count"/> machine twins, <paramref name="inFlight"/> calls at a time.</summary>
    public static async Task ActivateAsync(IGrainFactory grains, int count, int inFlight, CancellationToken cancellationToken)
    {
        await Parallel.ForAsync(0, count, new ParallelOptions { MaxDegreeOfParallelism = inFlight, CancellationToken = cancellationToken }, async (i, _) =>
        {
            var id = Id(i);
            var machine = grains.GetGrain<IMachineGrain>(id);
            var context = new CommandContext($"bench-register-{id}", $"bench-{id}");
            var plant = Plant(i);
            var registered = await machine.Register(new RegisterMachine(context, plant, $"Press {i}", $"WC-{i % 50}", TimeSpan.FromSeconds(3)));
            if (registered.Error is { } error)
            {
                throw new InvalidOperationException($"Registering machine twin {id} failed: {error}");
            }

            var now = DateTimeOffset.UtcNow;
            var batch = new MachineSignalBatch($"bench-signals-{id}", $"bench-{id}", plant, id,
            [
                new MachineSignal(MachineSignalNames.Status, null, nameof(MachineStatus.Running), SignalQuality.Good, now),
                new MachineSignal(MachineSignalNames.GoodCount, 1200 + i % 100, null, SignalQuality.Good, now),
                new MachineSignal(MachineSignalNames.ScrapCount, 7, null, SignalQuality.Good, now),
                new MachineSignal("temperature", 61.5, null, SignalQuality.Good, now),
                new MachineSignal("spindle-speed", 1450, null, SignalQuality.Good, now),
            ]);
            var accepted = await machine.AcceptSignals(batch);
            if (accepted.Error is { } signalError)
            {
                throw new InvalidOperationException($"Machine twin {id} refused its first signals: {signalError}");
            }
        });
    }
}
