using Orleans.Runtime;
using Twin.Contracts;
using Twin.Grains.Tests.Infrastructure;

namespace Twin.Grains.Tests;

/// <summary>
/// A machine writes live values (temperature, speed) behind, not with every Publish response; they must
/// still be in the stored twin after the activation goes away.
/// </summary>
[Collection(TwinClusterCollection.Name)]
public sealed class LiveValueWriteBehindTests(TwinTestCluster cluster)
{
    [Fact]
    public async Task Live_values_written_behind_survive_deactivation()
    {
        var plant = TestIds.New("PLANT");
        var id = TestIds.New("PRESS");
        var machine = cluster.Grains.GetGrain<IMachineGrain>(id);
        Assert.True((await machine.Register(new RegisterMachine(TestIds.Context(), plant, "Press 7", "WC-PRESS", TimeSpan.FromSeconds(2)))).Succeeded);

        var at = DateTimeOffset.UtcNow.AddSeconds(-5);
        var result = await machine.AcceptSignals(new MachineSignalBatch(TestIds.New("EV"), "corr-live", plant, id,
            [new MachineSignal("Temperature", 72.5, null, SignalQuality.Good, at)]));
        Assert.Equal(1, result.Applied);

        await machine.AsReference<Orleans.Core.Internal.IGrainManagementExtension>().DeactivateOnIdle();

        // The next call reaches a fresh activation that loads the stored twin.
        var snapshot = await machine.GetSnapshot();
        var reading = Assert.Single(snapshot!.Signals, s => s.Name == "Temperature");
        Assert.Equal(72.5, reading.Number);
        Assert.Equal(at, reading.SourceTimestamp);
    }
}
