using System.Text.Json;
using Twin.Domain.Machines;
using Xunit.Abstractions;

namespace Twin.Domain.Tests.Machines;

/// <summary>
/// What a machine twin holds after running for a day: its OEE history (a count sample per minute it counted, a
/// transition per status change) grows for the whole retention, in the live twin and, on the embedded profile, again
/// in the stored JSON the silo keeps in memory. A plant runs for months, so the cost of one minute of history is the
/// figure that matters: 3,000 machines × 1,440 minutes a day. The embedded plant-scale run showed the silo's heap
/// growing by minutes (issue 9); this measures it exactly, on any machine, without a silo: live heap after full
/// collections over many twins, and the stored form's length.
/// </summary>
[Collection(HeapMeasurements.Name)]
public sealed class MachineTwinHistoryFootprintTests(ITestOutputHelper output)
{
    private const int Twins = 200;
    private static readonly DateTimeOffset T0 = new(2026, 12, 4, 6, 0, 0, TimeSpan.Zero);

    // A day and two hours of source time: the retention (1 day) is full and trimming has started.
    private static readonly TimeSpan Ran = TimeSpan.FromHours(26);

    // Measured 2026-12-04 for the shape below (a count every minute, a status change every 2 minutes): with a record
    // object per count minute, lists doubling and the object form stored, 132,163 bytes live and 144,942 stored per
    // twin; with 16-byte count samples, lists growing by a quarter and the array form stored, 55,812 and 50,504.
    // The budgets leave ~10 % for honest growth; a per-minute object or a verbose stored sample fails them.
    private const int LiveBudgetBytes = 61_000;
    private const int StoredBudgetBytes = 56_000;

    [Fact]
    public void A_day_of_minute_history_stays_within_its_heap_and_stored_budget()
    {
        var kept = new MachineTwin[Twins];
        var before = LiveHeap();
        for (var i = 0; i < Twins; i++)
        {
            kept[i] = RanForADay(i);
        }
        var after = LiveHeap();
        GC.KeepAlive(kept);

        var perTwin = (after - before) / (double)Twins;
        var stored = JsonSerializer.SerializeToUtf8Bytes(kept[0]).Length;
        output.WriteLine($"after {Ran.TotalHours:0} h: {kept[0].Transitions.Count} transitions, {kept[0].CountLog.Count} count minutes; " +
            $"live heap per twin {perTwin:F0} bytes (budget {LiveBudgetBytes}), stored form {stored} bytes (budget {StoredBudgetBytes})");
        Assert.True(perTwin <= LiveBudgetBytes, $"A machine twin with a day of history holds {perTwin:F0} bytes, over its budget of {LiveBudgetBytes}.");
        Assert.True(stored <= StoredBudgetBytes, $"A machine twin with a day of history is stored in {stored} bytes, over its budget of {StoredBudgetBytes}.");
    }

    [Fact]
    public void History_older_than_the_retention_is_trimmed_and_oee_still_sees_the_whole_day()
    {
        var machine = RanForADay(0);
        var now = T0 + Ran;

        Assert.InRange(machine.CountLog.Count, 1_440, 1_441);
        Assert.All(machine.CountLog, s => Assert.True(s.At >= now - machine.Retention));
        var day = machine.Oee(now, TimeSpan.FromDays(1));
        Assert.Equal(1_440 * 6 + 1, day.Good); // 6 parts in each minute of the day, and the one counted at 'now' itself
        Assert.Equal(TimeSpan.FromDays(1), day.PlannedTime);
        Assert.Equal(TimeSpan.FromHours(12), day.RunningTime);
    }

    // One batch per 10 s of source time: the good counter steps by one, the status turns every 2 minutes.
    private static MachineTwin RanForADay(int i)
    {
        var machine = new MachineTwin();
        machine.Register("P1", $"Press {i}", "WC-1", TimeSpan.FromSeconds(10), null, T0);
        var batches = (int)(Ran.TotalSeconds / 10);
        for (var b = 0; b <= batches; b++)
        {
            var at = T0.AddSeconds(b * 10);
            var status = b / 12 % 2 == 0 ? "Running" : "Idle";
            machine.ApplySignals($"M{i}/{b}",
            [
                new SignalSample(MachineTwin.StatusSignal, null, status, 0, at),
                new SignalSample(MachineTwin.GoodCounter, b, null, 0, at),
            ], at);
        }
        return machine;
    }

    private static long LiveHeap()
    {
        for (var i = 0; i < 3; i++)
        {
            GC.Collect(GC.MaxGeneration, GCCollectionMode.Forced, blocking: true, compacting: true);
            GC.WaitForPendingFinalizers();
        }
        return GC.GetTotalMemory(forceFullCollection: true);
    }
}
