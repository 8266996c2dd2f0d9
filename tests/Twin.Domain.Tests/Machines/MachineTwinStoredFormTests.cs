using System.Text.Json;
using Twin.Domain.Machines;

namespace Twin.Domain.Tests.Machines;

/// <summary>
/// The twin holds signals, counter baselines and batch hashes in compact tables; its stored JSON keeps the shape it
/// had as dictionaries and lists, so rows written before read back and a reloaded twin goes on counting.
/// </summary>
public sealed class MachineTwinStoredFormTests
{
    private static readonly DateTimeOffset T0 = new(2026, 11, 27, 6, 0, 0, TimeSpan.Zero);

    private static MachineTwin Reload(MachineTwin twin) => JsonSerializer.Deserialize<MachineTwin>(JsonSerializer.Serialize(twin))!;

    [Fact]
    public void Signals_counters_and_batch_memory_survive_a_reload()
    {
        var machine = new MachineTwin();
        machine.Register("P1", "Press 3", "WC-PRESS", null, null, T0);
        var local = new DateTimeOffset(2026, 11, 27, 7, 0, 1, TimeSpan.FromHours(1)); // T0 + 1 s, written with an offset
        machine.ApplySignals("b1",
        [
            new SignalSample(MachineTwin.GoodCounter, 100, null, 0, T0.AddSeconds(1)),
            new SignalSample("temperature", 61.5, null, 1, local),
            new SignalSample("mode", null, "auto", 0, T0.AddSeconds(1)),
        ], T0);

        var back = Reload(machine);

        Assert.Equal(3, back.Signals.Count);
        Assert.Equal(61.5, back.Signals["temperature"].Number);
        Assert.Equal(1, back.Signals["temperature"].Quality);
        Assert.Equal(local, back.Signals["temperature"].SourceTimestamp);
        Assert.Equal(TimeSpan.FromHours(1), back.Signals["temperature"].SourceTimestamp.Offset);
        Assert.Null(back.Signals["mode"].Number);
        Assert.Equal("auto", back.Signals["mode"].Text);
        Assert.True(back.ApplySignals("b1", [new SignalSample("temperature", 1, null, 0, T0.AddSeconds(9))], T0).DuplicateBatch);
        var next = back.ApplySignals("b2", [new SignalSample(MachineTwin.GoodCounter, 104, null, 0, T0.AddSeconds(2))], T0);
        Assert.Equal(4, next.GoodDelta); // the baseline of 100 came back with the twin
    }

    [Fact]
    public void Owed_reports_and_the_count_log_survive_a_reload_and_an_idle_twin_stores_them_empty()
    {
        var machine = new MachineTwin();
        machine.Register("P1", "Press 3", null, null, null, T0);
        Assert.Contains("\"PendingReports\":[]", JsonSerializer.Serialize(machine));
        machine.OweProduction("r1", "c1", "e1", new MachineAssignment("WO-1", 10, null, T0), 3, 1, T0, lastIsOpen: false);
        machine.ApplySignals("b1", [new SignalSample(MachineTwin.GoodCounter, 5, null, 0, T0)], T0);
        machine.ApplySignals("b2", [new SignalSample(MachineTwin.GoodCounter, 7, null, 0, T0.AddSeconds(1))], T0);

        var back = Reload(machine);

        Assert.Equal(1, back.PendingReportCount);
        Assert.Equal(("r1", 3L, 1L), (back.PendingReports[0].RequestId, back.PendingReports[0].Good, back.PendingReports[0].Scrap));
        Assert.Equal(2, Assert.Single(back.CountLog).Good);
    }

    [Fact]
    public void A_row_written_with_dictionaries_and_a_list_reads_back()
    {
        const string stored = """
            {"Registered":true,"Plant":"P1","Name":"Press 3","Status":2,
             "Signals":{"temperature":{"Name":"temperature","Number":70.25,"Text":null,"Quality":0,"SourceTimestamp":"2026-11-27T06:00:05+00:00"}},
             "Counters":{"good-count":{"Raw":250,"SourceTimestamp":"2026-11-27T06:00:05+00:00"}},
             "RecentBatchHashes":[11,22,33]}
            """;

        var machine = JsonSerializer.Deserialize<MachineTwin>(stored)!;

        Assert.Equal(70.25, machine.Signals["temperature"].Number);
        Assert.Equal(T0.AddSeconds(5), machine.Signals["temperature"].SourceTimestamp);
        Assert.Equal([11L, 22L, 33L], machine.RecentBatchHashes);
        var counted = machine.ApplySignals("b9", [new SignalSample(MachineTwin.GoodCounter, 253, null, 0, T0.AddSeconds(6))], T0);
        Assert.Equal(3, counted.GoodDelta);
        Assert.Equal(1, machine.ApplySignals("b10", [new SignalSample("temperature", 1, null, 0, T0.AddSeconds(4))], T0).Ignored);
    }

    [Fact]
    public void Batch_memory_keeps_the_newest_batches_up_to_its_bound()
    {
        var machine = new MachineTwin { MaxRememberedBatches = 4 };
        machine.Register("P1", "Press 3", null, null, null, T0);
        for (var i = 1; i <= 10; i++)
        {
            machine.ApplySignals($"b{i}", [new SignalSample("temperature", i, null, 0, T0.AddSeconds(i))], T0);
        }

        Assert.Equal(4, machine.RecentBatchHashes.Count);
        Assert.Equal(new[] { 7, 8, 9, 10 }.Select(i => BatchHash.Of($"b{i}")), machine.RecentBatchHashes);
        Assert.True(machine.ApplySignals("b7", [], T0).DuplicateBatch);
        Assert.False(machine.ApplySignals("b6", [], T0).DuplicateBatch);
    }

    [Fact]
    public void Count_minutes_and_transitions_stored_as_objects_before_read_back_and_are_written_as_arrays()
    {
        const string stored = """
            {"Registered":true,"Plant":"P1","Name":"Press 3","Status":2,"StatusSince":"2026-11-27T06:01:30+00:00",
             "Transitions":[{"From":0,"To":1,"At":"2026-11-27T06:00:10.1234567+00:00","Reason":"signal"},
                            {"From":1,"To":2,"At":"2026-11-27T07:01:30+01:00","Reason":null}],
             "CountLog":[{"At":"2026-11-27T06:00:00+00:00","Good":5,"Scrap":1,"Cycles":6},
                         {"At":"2026-11-27T06:01:00+00:00","Good":7,"Scrap":0,"Cycles":7}]}
            """;

        var machine = JsonSerializer.Deserialize<MachineTwin>(stored)!;
        var back = Reload(machine);

        foreach (var twin in new[] { machine, back })
        {
            Assert.Equal([(MachineState.Unknown, MachineState.Idle), (MachineState.Idle, MachineState.Running)], twin.Transitions.Select(t => (t.From, t.To)));
            Assert.Equal(T0.AddTicks(101_234_567), twin.Transitions[0].At);
            Assert.Equal("signal", twin.Transitions[0].Reason);
            Assert.Equal(T0.AddSeconds(90), twin.Transitions[1].At);
            Assert.Equal(TimeSpan.FromHours(1), twin.Transitions[1].At.Offset);
            Assert.Null(twin.Transitions[1].Reason);
            Assert.Equal([(T0, 5L, 1L, 6L), (T0.AddMinutes(1), 7L, 0L, 7L)], twin.CountLog.Select(c => (c.At, c.Good, c.Scrap, c.Cycles)));
            var oee = twin.Oee(T0.AddMinutes(2), TimeSpan.FromMinutes(2));
            Assert.Equal((12L, 1L), (oee.Good, oee.Scrap));
        }

        var json = JsonSerializer.Serialize(back);
        Assert.Contains("\"CountLog\":[[", json);
        Assert.Contains("\"Transitions\":[[0,1,", json);
    }

    [Fact]
    public void A_minute_counting_more_than_a_sample_holds_is_kept_whole_in_more_samples()
    {
        var machine = new MachineTwin();
        machine.Register("P1", "Press 3", null, null, null, T0);
        machine.ApplySignals("b1", [new SignalSample(MachineTwin.GoodCounter, 0, null, 0, T0)], T0);
        machine.ApplySignals("b2", [new SignalSample(MachineTwin.GoodCounter, 5e9, null, 0, T0.AddSeconds(1))], T0);
        machine.ApplySignals("b3", [new SignalSample(MachineTwin.GoodCounter, 5e9 + 3, null, 0, T0.AddSeconds(2))], T0);

        var back = Reload(machine);

        Assert.Equal(5_000_000_003L, back.Good);
        Assert.Equal(5_000_000_003L, back.CountLog.Sum(c => c.Good));
        Assert.All(back.CountLog, c => Assert.Equal(T0, c.At));
        Assert.Equal(5_000_000_003L, back.Oee(T0.AddMinutes(1), TimeSpan.FromMinutes(1)).Good);
    }
}
