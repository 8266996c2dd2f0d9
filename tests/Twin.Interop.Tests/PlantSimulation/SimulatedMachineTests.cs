using PlantSimulator.Simulation;

namespace Twin.Interop.Tests.PlantSimulation;

public sealed class SimulatedMachineTests
{
    private static readonly TimeSpan Tick = TimeSpan.FromMilliseconds(250);

    [Fact]
    public void Same_seed_gives_the_same_machine_history_step_for_step()
    {
        var a = Plant.Create(new PlantLayout(), seed: 42);
        var b = Plant.Create(new PlantLayout(), seed: 42);
        for (var step = 0; step < 5_000; step++)
        {
            var changedA = a.Machines.Select(m => m.Advance(Tick)).ToArray();
            var changedB = b.Machines.Select(m => m.Advance(Tick)).ToArray();
            Assert.Equal(changedA, changedB);
        }

        Assert.Equal(a.Machines.Select(Snapshot), b.Machines.Select(Snapshot));
    }

    [Fact]
    public void Different_seeds_give_different_plants()
    {
        var a = Plant.Create(new PlantLayout(), seed: 1);
        var b = Plant.Create(new PlantLayout(), seed: 2);
        for (var step = 0; step < 2_000; step++)
        {
            a.Advance(Tick, (_, _) => { });
            b.Advance(Tick, (_, _) => { });
        }

        Assert.NotEqual(a.Machines.Select(Snapshot), b.Machines.Select(Snapshot));
    }

    [Fact]
    public void A_machine_behaves_the_same_whatever_the_size_of_the_plant_around_it()
    {
        var small = Plant.Create(new PlantLayout { Lines = 1, MachinesPerLine = 3 }, seed: 7);
        var large = Plant.Create(new PlantLayout { Lines = 5, MachinesPerLine = 20 }, seed: 7);
        for (var step = 0; step < 1_000; step++)
        {
            small.Advance(Tick, (_, _) => { });
            large.Advance(Tick, (_, _) => { });
        }

        var press3Small = small.Machines.Single(m => m.Id == "press-3");
        var press3Large = large.Machines.Single(m => m.Id == "press-3");
        Assert.Equal(Snapshot(press3Small), Snapshot(press3Large));
    }

    [Fact]
    public void Over_a_simulated_shift_machines_run_idle_break_down_and_change_over()
    {
        var plant = Plant.Create(new PlantLayout { Lines = 2, MachinesPerLine = 6 }, seed: 3);
        var visited = new HashSet<MachineStatus>();
        var workOrders = new HashSet<string>();
        // One-second steps: still shorter than any cycle, so at most one part per step.
        var step1s = TimeSpan.FromSeconds(1);
        var shift = (int)(TimeSpan.FromHours(8) / step1s);
        for (var step = 0; step < shift; step++)
        {
            foreach (var machine in plant.Machines)
            {
                var before = Snapshot(machine);
                var changed = machine.Advance(step1s);
                var after = Snapshot(machine);
                visited.Add(machine.Status);
                workOrders.Add(machine.WorkOrder);

                // Counters move only while the machine was running during the step (or stopped at its end).
                if (before.Status != MachineStatus.Running && after.Status != MachineStatus.Running)
                {
                    Assert.Equal(before.Good, after.Good);
                    Assert.Equal(before.Scrap, after.Scrap);
                }

                // At most one part per tick: a cycle is longer than a tick.
                Assert.InRange(after.Good - before.Good + (after.Scrap - before.Scrap), 0u, 1u);
                Assert.Equal(machine.Running, machine.Status == MachineStatus.Running);
                if (!machine.Running && machine.Speed != 0)
                {
                    Assert.Fail($"{machine.Id} has speed {machine.Speed} while {machine.Status}");
                }

                Assert.InRange(machine.Temperature, 20.0, machine.Kind.RunningTemperature + 2);
                Assert.Equal(ExpectedChanges(before, after), changed & ~(MachineSignal.Temperature | MachineSignal.Speed) & ExpectedMask(before, after));
            }
        }

        Assert.Equal(Enum.GetValues<MachineStatus>().ToHashSet(), visited);
        Assert.True(workOrders.Count > plant.Machines.Count, $"only {workOrders.Count} work orders in 8 h for {plant.Machines.Count} machines: no changeovers");
        var good = plant.Machines.Sum(m => (long)m.GoodCount);
        var scrap = plant.Machines.Sum(m => (long)m.ScrapCount);
        Assert.InRange(scrap / (double)(good + scrap), 0.005, 0.05);
    }

    [Fact]
    public void Advance_reports_exactly_the_signals_that_changed()
    {
        var plant = Plant.Create(new PlantLayout(), seed: 11);
        for (var step = 0; step < 3_000; step++)
        {
            foreach (var machine in plant.Machines)
            {
                var before = MachineSignals.Each.ToDictionary(s => s, machine.Value);
                var changed = machine.Advance(Tick);
                foreach (var signal in MachineSignals.Each)
                {
                    var differs = !Equals(before[signal], machine.Value(signal));
                    // A machine can leave a state and re-enter it in one step only if spells were shorter than a tick; they are not.
                    if (differs != changed.HasFlag(signal))
                    {
                        Assert.Fail($"{machine.Id} step {step}: {signal} changed={differs} but reported {changed}");
                    }
                }
            }
        }
    }

    [Fact]
    public void Counters_roll_over_like_a_PLC_counter()
    {
        var machine = new SimulatedMachine("Line1", MachineKind.Press, 1, seed: 5, MachineBehaviour.Default with { BreakdownShare = 0 }, counterStart: uint.MaxValue - 1);
        var seen = new List<uint> { machine.GoodCount };
        for (var step = 0; step < 10_000 && seen.Count < 5; step++)
        {
            if (machine.Advance(Tick).HasFlag(MachineSignal.GoodCount))
            {
                seen.Add(machine.GoodCount);
            }
        }

        Assert.Equal([uint.MaxValue - 1, uint.MaxValue, 0u, 1u, 2u], seen);
    }

    [Fact]
    public void A_work_order_changes_only_after_its_quantity_is_made_and_a_setup()
    {
        var machine = new SimulatedMachine("Line1", MachineKind.Press, 3, seed: 9, MachineBehaviour.Default with { MinWorkOrderQuantity = 5, MaxWorkOrderQuantity = 5 });
        var firstOrder = machine.WorkOrder;
        Assert.Equal("WO-press-3-0001", firstOrder);
        var goodAtStart = machine.GoodCount;
        var sawSetup = false;
        while (machine.WorkOrder == firstOrder)
        {
            machine.Advance(Tick);
            sawSetup |= machine.Status == MachineStatus.Setup;
        }

        Assert.True(sawSetup, "the work order changed without a setup");
        Assert.Equal(5u, machine.GoodCount - goodAtStart);
        Assert.Equal("WO-press-3-0002", machine.WorkOrder);
        Assert.Equal(0, machine.MadeOnWorkOrder);
    }

    [Fact]
    public void Advancing_by_zero_or_negative_time_is_refused_or_harmless()
    {
        var machine = new SimulatedMachine("Line1", MachineKind.Lathe, 1, seed: 1, MachineBehaviour.Default);
        var before = Snapshot(machine);
        machine.Advance(TimeSpan.Zero);
        Assert.Equal(before.Good, machine.GoodCount);
        Assert.Throws<ArgumentOutOfRangeException>(() => machine.Advance(TimeSpan.FromSeconds(-1)));
    }

    private static MachineSignal ExpectedChanges(MachineSnapshot before, MachineSnapshot after) =>
        (before.Good != after.Good ? MachineSignal.GoodCount : 0)
        | (before.Scrap != after.Scrap ? MachineSignal.ScrapCount : 0)
        | (before.Status != after.Status ? MachineSignal.Status : 0)
        | (before.WorkOrder != after.WorkOrder ? MachineSignal.WorkOrder : 0);

    private static MachineSignal ExpectedMask(MachineSnapshot before, MachineSnapshot after) =>
        MachineSignal.GoodCount | MachineSignal.ScrapCount | MachineSignal.Status | MachineSignal.WorkOrder;

    private static MachineSnapshot Snapshot(SimulatedMachine m) => new(m.Id, m.Status, m.GoodCount, m.ScrapCount, m.Temperature, m.Speed, m.WorkOrder);

    private sealed record MachineSnapshot(string Id, MachineStatus Status, uint Good, uint Scrap, double Temperature, double Speed, string WorkOrder);
}
