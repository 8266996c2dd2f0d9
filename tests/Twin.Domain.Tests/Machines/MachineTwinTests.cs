using Twin.Domain.Machines;

namespace Twin.Domain.Tests.Machines;

public sealed class MachineTwinTests
{
    private static readonly DateTimeOffset T0 = new(2026, 11, 27, 6, 0, 0, TimeSpan.Zero);

    private static MachineTwin Machine(TimeSpan? ideal = null, long? max = null)
    {
        var machine = new MachineTwin();
        machine.Register("P1", "Press 3", "WC-PRESS", ideal, max, T0);
        return machine;
    }

    private static SignalSample Counter(string name, double value, DateTimeOffset at) => new(name, value, null, 0, at);

    [Fact]
    public void Status_starts_unknown_and_every_transition_keeps_its_time()
    {
        var machine = Machine();
        Assert.Equal(MachineState.Unknown, machine.Status);

        machine.ChangeStatus(MachineState.Setup, T0.AddMinutes(1), "changeover");
        machine.ChangeStatus(MachineState.Running, T0.AddMinutes(5), null);

        Assert.Equal(MachineState.Running, machine.Status);
        Assert.Equal(T0.AddMinutes(5), machine.StatusSince);
        Assert.Equal([MachineState.Setup, MachineState.Running], machine.Transitions.Select(t => t.To));
        Assert.Equal(T0.AddMinutes(1), machine.Transitions[0].At);
        Assert.Equal("changeover", machine.Transitions[0].Reason);
    }

    [Fact]
    public void Same_status_or_an_older_status_sample_is_not_a_transition()
    {
        var machine = Machine();
        machine.ChangeStatus(MachineState.Running, T0.AddMinutes(5), null);

        Assert.Null(machine.ChangeStatus(MachineState.Running, T0.AddMinutes(6), null));
        Assert.Null(machine.ChangeStatus(MachineState.Down, T0.AddMinutes(4), null));
        Assert.Single(machine.Transitions);
    }

    [Fact]
    public void Commands_on_an_unregistered_machine_are_rejected_with_machine_not_found()
    {
        var error = Assert.Throws<DomainRuleException>(() => new MachineTwin().ChangeStatus(MachineState.Idle, T0, null));
        Assert.Equal(DomainErrors.MachineNotFound, error.Code);
    }

    [Fact]
    public void Registering_again_in_another_plant_is_rejected()
    {
        var error = Assert.Throws<DomainRuleException>(() => Machine().Register("P2", "Press 3", null, null, null, T0));
        Assert.Equal(DomainErrors.PlantMismatch, error.Code);
    }

    [Fact]
    public void Signals_keep_latest_value_quality_and_source_time_and_ignore_stale_values()
    {
        var machine = Machine();
        machine.ApplySignals("b1", [new SignalSample("temperature", 71.5, null, 0, T0.AddSeconds(10))], T0);
        var stale = machine.ApplySignals("b2", [new SignalSample("temperature", 60, null, 1, T0.AddSeconds(5))], T0);

        var value = machine.Signals["temperature"];
        Assert.Equal(71.5, value.Number);
        Assert.Equal(0, value.Quality);
        Assert.Equal(T0.AddSeconds(10), value.SourceTimestamp);
        Assert.Equal(1, stale.Ignored);
    }

    [Fact]
    public void Counters_count_increments_after_a_baseline_and_a_reset_is_not_negative()
    {
        var machine = Machine();
        machine.ApplySignals("b1", [Counter(MachineTwin.GoodCounter, 100, T0.AddSeconds(1))], T0);
        var second = machine.ApplySignals("b2", [Counter(MachineTwin.GoodCounter, 105, T0.AddSeconds(2))], T0);
        var reset = machine.ApplySignals("b3", [Counter(MachineTwin.GoodCounter, 3, T0.AddSeconds(3))], T0);

        Assert.Equal(5, second.GoodDelta);
        Assert.Equal(3, reset.GoodDelta);
        Assert.Equal(8, machine.Good);
    }

    [Theory]
    [InlineData(-1d)]
    [InlineData(1e308)]
    [InlineData(double.PositiveInfinity)]
    [InlineData(double.NaN)]
    [InlineData(9_007_199_254_740_993d * 2)]
    public void An_impossible_counter_reading_neither_counts_nor_becomes_the_baseline(double bad)
    {
        var machine = Machine();
        machine.ApplySignals("b1", [Counter(MachineTwin.GoodCounter, 100, T0.AddSeconds(1))], T0);
        var wrong = machine.ApplySignals("b2", [Counter(MachineTwin.GoodCounter, bad, T0.AddSeconds(2))], T0);
        var next = machine.ApplySignals("b3", [Counter(MachineTwin.GoodCounter, 104, T0.AddSeconds(3))], T0);

        Assert.Equal(0, wrong.GoodDelta);
        Assert.Equal(4, next.GoodDelta); // counted from 100, not from the bad reading
        Assert.Equal(4, machine.Good);
    }

    [Fact]
    public void A_value_stamped_far_in_the_future_is_taken_as_of_now_and_does_not_freeze_the_signal()
    {
        var machine = Machine();
        var year9999 = new DateTimeOffset(9999, 12, 31, 0, 0, 0, TimeSpan.Zero);
        var broken = machine.ApplySignals("b1", [new SignalSample("temperature", 80, null, 0, year9999)], T0);
        var next = machine.ApplySignals("b2", [new SignalSample("temperature", 81, null, 0, T0.AddSeconds(5))], T0.AddSeconds(5));

        Assert.Equal(1, broken.Applied);
        Assert.Equal(1, next.Applied); // before: stale against 9999-12-31, and every later value too
        Assert.Equal(81, machine.Signals["temperature"].Number);
        Assert.Equal(T0.AddSeconds(5), machine.Signals["temperature"].SourceTimestamp);
    }

    [Fact]
    public void A_rollover_near_the_counter_maximum_counts_across_the_wrap()
    {
        var machine = Machine(max: 65535);
        machine.ApplySignals("b1", [Counter(MachineTwin.GoodCounter, 65530, T0.AddSeconds(1))], T0);
        var wrap = machine.ApplySignals("b2", [Counter(MachineTwin.GoodCounter, 4, T0.AddSeconds(2))], T0);

        Assert.Equal(10, wrap.GoodDelta); // 65531..65535 (5) + 0..4 (5)
    }

    [Fact]
    public void A_redelivered_batch_and_a_repeated_sample_do_not_count_twice()
    {
        var machine = Machine();
        machine.ApplySignals("b1", [Counter(MachineTwin.GoodCounter, 10, T0.AddSeconds(1))], T0);
        machine.ApplySignals("b2", [Counter(MachineTwin.GoodCounter, 20, T0.AddSeconds(2))], T0);
        var again = machine.ApplySignals("b2", [Counter(MachineTwin.GoodCounter, 20, T0.AddSeconds(2))], T0);
        var sameSample = machine.ApplySignals("b3", [Counter(MachineTwin.GoodCounter, 20, T0.AddSeconds(2))], T0);
        var older = machine.ApplySignals("b4", [Counter(MachineTwin.GoodCounter, 15, T0.AddSeconds(1.5))], T0);

        Assert.True(again.DuplicateBatch);
        Assert.Equal(0, sameSample.GoodDelta);
        Assert.Equal(0, older.GoodDelta);
        Assert.Equal(10, machine.Good);
    }

    [Fact]
    public void Bad_quality_counter_values_do_not_count()
    {
        var machine = Machine();
        machine.ApplySignals("b1", [Counter(MachineTwin.GoodCounter, 10, T0.AddSeconds(1))], T0);
        machine.ApplySignals("b2", [new SignalSample(MachineTwin.GoodCounter, 5000, null, 2, T0.AddSeconds(2))], T0);
        var next = machine.ApplySignals("b3", [Counter(MachineTwin.GoodCounter, 12, T0.AddSeconds(3))], T0);

        Assert.Equal(2, next.GoodDelta);
        Assert.Equal(2, machine.Good);
    }

    [Fact]
    public void A_status_signal_changes_status_at_its_source_time()
    {
        var machine = Machine();
        var effect = machine.ApplySignals("b1", [new SignalSample(MachineTwin.StatusSignal, null, "Running", 0, T0.AddSeconds(7))], T0.AddSeconds(9));
        Assert.Single(effect.StatusChanges);
        Assert.Equal(MachineState.Running, machine.Status);
        Assert.Equal(T0.AddSeconds(7), machine.StatusSince);

        machine.ApplySignals("b2", [new SignalSample(MachineTwin.StatusSignal, 4, null, 0, T0.AddSeconds(8))], T0.AddSeconds(9));
        Assert.Equal(MachineState.Down, machine.Status);
    }

    [Fact]
    public void Increments_while_an_operation_is_assigned_are_to_be_reported_to_it()
    {
        var machine = Machine();
        machine.ApplySignals("b1", [Counter(MachineTwin.GoodCounter, 0, T0.AddSeconds(1)), Counter(MachineTwin.ScrapCounter, 0, T0.AddSeconds(1))], T0);
        var unassigned = machine.ApplySignals("b2", [Counter(MachineTwin.GoodCounter, 2, T0.AddSeconds(2))], T0);
        machine.Assign("WO-1", 10, TimeSpan.FromSeconds(30), T0);
        var assigned = machine.ApplySignals("b3", [Counter(MachineTwin.GoodCounter, 5, T0.AddSeconds(3)), Counter(MachineTwin.ScrapCounter, 1, T0.AddSeconds(3))], T0);

        Assert.Null(unassigned.ReportTo);
        Assert.Equal("WO-1", assigned.ReportTo?.WorkOrderId);
        Assert.Equal(3, assigned.GoodDelta);
        Assert.Equal(1, assigned.ScrapDelta);
    }

    [Fact]
    public void Oee_is_availability_times_performance_times_quality_over_the_window()
    {
        var machine = Machine(ideal: TimeSpan.FromSeconds(30));
        machine.ChangeStatus(MachineState.Idle, T0, null);
        machine.ChangeStatus(MachineState.Running, T0.AddMinutes(20), null);   // 20 min idle
        machine.ApplySignals("b0", [Counter(MachineTwin.GoodCounter, 0, T0.AddMinutes(20)), Counter(MachineTwin.ScrapCounter, 0, T0.AddMinutes(20))], T0.AddMinutes(20));
        machine.ApplySignals("b1", [Counter(MachineTwin.GoodCounter, 72, T0.AddMinutes(60)), Counter(MachineTwin.ScrapCounter, 8, T0.AddMinutes(60))], T0.AddMinutes(60));

        var oee = machine.Oee(T0.AddMinutes(60), TimeSpan.FromMinutes(60));

        Assert.Equal(TimeSpan.FromMinutes(60), oee.PlannedTime);
        Assert.Equal(TimeSpan.FromMinutes(40), oee.RunningTime);
        Assert.Equal(40.0 / 60, oee.Availability!.Value, 6);
        Assert.Equal(80 * 30.0 / 2400, oee.Performance!.Value, 6);   // 80 parts × 30 s in 40 min
        Assert.Equal(72.0 / 80, oee.Quality!.Value, 6);
        Assert.Equal(oee.Availability * oee.Performance * oee.Quality, oee.Oee);
    }

    [Fact]
    public void Oee_window_only_counts_what_happened_inside_it_and_unknown_time_is_not_planned()
    {
        var machine = Machine(ideal: TimeSpan.FromSeconds(10));
        machine.ChangeStatus(MachineState.Running, T0.AddMinutes(30), null);
        machine.ApplySignals("b0", [Counter(MachineTwin.GoodCounter, 0, T0.AddMinutes(30))], T0.AddMinutes(30));
        machine.ApplySignals("b1", [Counter(MachineTwin.GoodCounter, 50, T0.AddMinutes(35))], T0.AddMinutes(35));
        machine.ApplySignals("b2", [Counter(MachineTwin.GoodCounter, 80, T0.AddMinutes(55))], T0.AddMinutes(55));

        var oee = machine.Oee(T0.AddMinutes(60), TimeSpan.FromMinutes(20));   // 40..60

        Assert.Equal(TimeSpan.FromMinutes(20), oee.PlannedTime);
        Assert.Equal(30, oee.Good);
        Assert.Equal(1.0, oee.Availability);
        var whole = machine.Oee(T0.AddMinutes(60), TimeSpan.FromMinutes(60));
        Assert.Equal(TimeSpan.FromMinutes(30), whole.PlannedTime); // the first 30 min were Unknown
    }

    [Fact]
    public void Oee_without_a_basis_is_null_not_zero()
    {
        var oee = Machine().Oee(T0.AddHours(1), TimeSpan.FromHours(1));
        Assert.Null(oee.Availability);
        Assert.Null(oee.Quality);
        Assert.Null(oee.Oee);
    }

    [Fact]
    public void Counts_are_kept_per_minute_and_redelivery_memory_is_bounded()
    {
        var machine = Machine();
        machine.MaxRememberedBatches = 3;
        machine.ApplySignals("b0", [Counter(MachineTwin.GoodCounter, 0, T0)], T0);
        for (var i = 1; i <= 10; i++)
        {
            machine.ApplySignals($"b{i}", [Counter(MachineTwin.GoodCounter, i, T0.AddSeconds(i * 7))], T0.AddMinutes(2));
        }

        Assert.Equal(10, machine.Good);
        Assert.Equal(2, machine.CountLog.Count); // seconds 7..56 and 63..70
        Assert.Equal(10, machine.CountLog.Sum(s => s.Good));
        Assert.Equal(3, machine.RecentBatchHashes.Count);
    }

    [Fact]
    public void Owed_production_joins_the_open_report_and_a_written_report_is_never_changed()
    {
        var machine = Machine();
        var op10 = new MachineAssignment("WO-1", 10, null, T0);
        var op20 = new MachineAssignment("WO-1", 20, null, T0);

        machine.OweProduction("r1", "c1", "e1", op10, 3, 0, T0, lastIsOpen: false);
        machine.OweProduction("r2", "c2", "e2", op10, 2, 1, T0.AddSeconds(1), lastIsOpen: true);   // joins r1: not written yet
        machine.OweProduction("r3", "c3", "e3", op10, 4, 0, T0.AddSeconds(2), lastIsOpen: false);  // r1 was written: a new report
        machine.OweProduction("r4", "c4", "e4", op20, 1, 0, T0.AddSeconds(3), lastIsOpen: true);   // another operation: a new report

        Assert.Collection(machine.PendingReports,
            r => Assert.Equal(("r1", 5L, 1L), (r.RequestId, r.Good, r.Scrap)),
            r => Assert.Equal(("r3", 4L, 0L), (r.RequestId, r.Good, r.Scrap)),
            r => Assert.Equal(("r4", 20, 1L), (r.RequestId, r.OperationSequence, r.Good)));
    }
}
