using Orleans.Runtime;
using Orleans.Streams;
using Twin.Contracts;
using Twin.Grains.Tests.Infrastructure;

namespace Twin.Grains.Tests;

[Collection(TwinClusterCollection.Name)]
public sealed class MachineGrainTests(TwinTestCluster cluster)
{
    private static readonly DateTimeOffset T0 = DateTimeOffset.UtcNow.AddMinutes(-10);

    private async Task<(string Plant, string Machine, IMachineGrain Grain)> Registered()
    {
        var plant = TestIds.New("PLANT");
        var id = TestIds.New("PRESS");
        var machine = cluster.Grains.GetGrain<IMachineGrain>(id);
        var result = await machine.Register(new RegisterMachine(TestIds.Context(), plant, "Press 3", "WC-PRESS", TimeSpan.FromSeconds(2)));
        Assert.True(result.Succeeded, result.Error?.Message);
        return (plant, id, machine);
    }

    private static MachineSignalBatch Batch(string plant, string machine, string eventId, params MachineSignal[] signals) =>
        new(eventId, $"corr-{eventId}", plant, machine, signals);

    private static MachineSignal Count(string name, double value, int second) =>
        new(name, value, null, SignalQuality.Good, T0.AddSeconds(second));

    [Fact]
    public async Task Status_changes_are_kept_with_their_time_listed_in_the_plant_and_in_history()
    {
        var (plant, id, machine) = await Registered();
        var context = TestIds.Context();
        var result = await machine.ChangeStatus(new ChangeMachineStatus(context, MachineStatus.Running, "shift start"));
        var retry = await machine.ChangeStatus(new ChangeMachineStatus(context, MachineStatus.Running, "shift start"));

        Assert.True(result.Succeeded);
        Assert.True(retry.Duplicate);
        var snapshot = await machine.GetSnapshot();
        Assert.Equal(MachineStatus.Running, snapshot!.Status);
        Assert.Equal(MachineStatus.Running, Assert.Single(snapshot.RecentTransitions).To);

        var listed = Assert.Single(await cluster.Grains.GetGrain<IPlantDirectoryGrain>(plant).ListMachines());
        Assert.Equal(id, listed.MachineId);
        Assert.Equal(MachineStatus.Running, listed.Status);

        var history = await machine.GetHistory();
        Assert.Contains(history, h => h.Command == "ChangeStatus" && h.CorrelationId == context.CorrelationId && h.Change.Contains("Running"));
    }

    [Fact]
    public async Task An_unregistered_machine_has_no_snapshot_and_rejects_commands_with_not_found()
    {
        var machine = cluster.Grains.GetGrain<IMachineGrain>(TestIds.New("GHOST"));
        Assert.Null(await machine.GetSnapshot());
        var result = await machine.ChangeStatus(new ChangeMachineStatus(TestIds.Context(), MachineStatus.Idle));
        Assert.Equal(TwinErrorCodes.MachineNotFound, result.Error?.Code);
        Assert.Equal(TwinErrorKind.NotFound, result.Error?.Kind);
    }

    [Fact]
    public async Task Invalid_ids_are_rejected_before_anything_is_applied()
    {
        var machine = cluster.Grains.GetGrain<IMachineGrain>(TestIds.New("M"));
        var result = await machine.Register(new RegisterMachine(TestIds.Context(), "bad plant!", "x"));
        Assert.Equal(TwinErrorCodes.InvalidId, result.Error?.Code);
        Assert.Contains("plant id", result.Error?.Message);
        Assert.Null(await machine.GetSnapshot());
    }

    [Fact]
    public async Task Counter_increments_while_assigned_become_production_reports_once()
    {
        var (plant, id, machine) = await Registered();
        var order = await WorkOrderGrainTests.ReleasedOrder(cluster, plant);
        await machine.AssignOperation(new AssignOperation(TestIds.Context(), order.Id, 10));

        await machine.AcceptSignals(Batch(plant, id, "e1", Count(MachineSignalNames.GoodCount, 100, 1), Count(MachineSignalNames.ScrapCount, 7, 1)));
        await machine.AcceptSignals(Batch(plant, id, "e2", Count(MachineSignalNames.GoodCount, 104, 2), Count(MachineSignalNames.ScrapCount, 8, 2)));
        var duplicate = await machine.AcceptSignals(Batch(plant, id, "e2", Count(MachineSignalNames.GoodCount, 104, 2)));
        await machine.AcceptSignals(Batch(plant, id, "e3", Count(MachineSignalNames.GoodCount, 103, 1)));   // out of order: older source time
        await machine.AcceptSignals(Batch(plant, id, "e4", Count(MachineSignalNames.GoodCount, 2, 4)));     // PLC counter reset

        Assert.True(duplicate.DuplicateBatch);
        var snapshot = await machine.GetSnapshot();
        Assert.Equal(new MachineCounters(6, 1, 0), snapshot!.Counters);
        var progress = (await order.Grain.GetSnapshot())!.Operations.Single(o => o.Sequence == 10);
        Assert.Equal(6, progress.Good);
        Assert.Equal(1, progress.Scrap);
        Assert.Equal(WorkOrderStatus.InProgress, (await order.Grain.GetSnapshot())!.Status);
    }

    [Fact]
    public async Task Live_values_and_status_of_a_batch_are_read_back_from_the_snapshot()
    {
        var (plant, id, machine) = await Registered();
        await machine.AcceptSignals(Batch(plant, id, "s1", new MachineSignal(MachineSignalNames.Status, null, "Fault", SignalQuality.Good, T0.AddSeconds(5)),
            new MachineSignal("spindle-temp", 61.5, null, SignalQuality.Uncertain, T0.AddSeconds(5))));

        var after = (await machine.GetSnapshot())!;
        Assert.Equal(after.Version, (await machine.GetSnapshot())!.Version); // a second read answers from the unchanged twin
        Assert.Equal(MachineStatus.Fault, after.Status);
        var reading = after.Signals.Single(s => s.Name == "spindle-temp");
        Assert.Equal(61.5, reading.Number);
        Assert.Equal(SignalQuality.Uncertain, reading.Quality);
        Assert.Equal(T0.AddSeconds(5), reading.SourceTimestamp);
    }

    [Fact]
    public async Task Signals_for_an_unknown_machine_register_it_in_the_batch_plant()
    {
        var plant = TestIds.New("PLANT");
        var id = TestIds.New("LATHE");
        var result = await cluster.Grains.GetGrain<IMachineGrain>(id).AcceptSignals(Batch(plant, id, "x1", Count(MachineSignalNames.CycleCount, 1, 1)));
        Assert.Null(result.Error);
        Assert.Equal(plant, (await cluster.Grains.GetGrain<IMachineGrain>(id).GetSnapshot())!.Plant);
    }

    [Fact]
    public async Task Oee_is_computed_from_the_machine_history()
    {
        var (_, _, machine) = await Registered();
        await machine.ChangeStatus(new ChangeMachineStatus(TestIds.Context(), MachineStatus.Running));
        var oee = await machine.GetOee(TimeSpan.FromHours(1));
        Assert.NotNull(oee);
        Assert.Equal(1.0, oee.Availability);
        Assert.True(oee.PlannedTime > TimeSpan.Zero);
        Assert.Null(oee.Quality); // no parts yet
    }

    [Fact]
    public async Task The_correlation_id_of_a_signal_batch_reaches_the_production_report_in_the_erp_outbox()
    {
        var (plant, id, machine) = await Registered();
        var order = await WorkOrderGrainTests.ReleasedOrder(cluster, plant);
        await machine.AssignOperation(new AssignOperation(TestIds.Context(), order.Id, 10));
        var reported = new TaskCompletionSource<TwinEvent>(TaskCreationOptions.RunContinuationsAsynchronously);
        var handle = await cluster.Client.GetStreamProvider(TwinProviders.ErpStreams)
            .GetStream<TwinEvent>(StreamId.Create(StreamNamespaces.ErpOutbox, plant))
            .SubscribeAsync((e, _) =>
            {
                if (e.Payload is ProductionReported)
                {
                    reported.TrySetResult(e);
                }
                return Task.CompletedTask;
            });
        try
        {
            await machine.AcceptSignals(Batch(plant, id, "c1", Count(MachineSignalNames.GoodCount, 10, 1)));
            await machine.AcceptSignals(Batch(plant, id, "c2", Count(MachineSignalNames.GoodCount, 13, 2)));

            var e = await reported.Task.WaitAsync(TimeSpan.FromSeconds(10));
            var payload = Assert.IsType<ProductionReported>(e.Payload);
            Assert.Equal("corr-c2", e.CorrelationId);
            Assert.Equal(3, payload.Good);
            Assert.Equal(id, payload.MachineId);
            Assert.Equal(order.Id, payload.WorkOrderId);
        }
        finally
        {
            await handle.UnsubscribeAsync();
        }
    }
}
