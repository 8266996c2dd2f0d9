using Twin.Grains.Telemetry;

namespace Twin.Pipeline.Tests;

/// <summary>A busy plant's ERP log: one summed line per period, the first at once, nothing when nothing happened.</summary>
public sealed class LogPacerTests
{
    private static readonly DateTimeOffset T0 = new(2026, 12, 3, 6, 0, 0, TimeSpan.Zero);

    [Fact]
    public void The_first_batch_is_told_at_once_and_the_next_ones_are_summed_into_one_line_per_period()
    {
        var pacer = new LogPacer(TimeSpan.FromSeconds(10));
        pacer.Add(100, 2);
        Assert.True(pacer.TryTake(T0, out var booked, out var already));
        Assert.Equal((100, 2), (booked, already));

        for (var i = 1; i <= 50; i++)
        {
            pacer.Add(100);
            Assert.False(pacer.TryTake(T0.AddMilliseconds(100 * i), out _, out _)); // 50 batches in 5 s: no line
        }

        Assert.True(pacer.TryTake(T0.AddSeconds(10), out booked, out _));
        Assert.Equal(5_000, booked);
        Assert.False(pacer.TryTake(T0.AddSeconds(30), out _, out _)); // quiet: nothing to say
    }
}
