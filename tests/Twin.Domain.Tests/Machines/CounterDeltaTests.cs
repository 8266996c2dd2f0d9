using Twin.Domain.Machines;

namespace Twin.Domain.Tests.Machines;

public sealed class CounterDeltaTests
{
    private static readonly DateTimeOffset T0 = new(2026, 11, 27, 6, 0, 0, TimeSpan.Zero);

    [Theory]
    [InlineData(null, 10, null, 0)]        // baseline
    [InlineData(10.0, 15, null, 5)]        // increment
    [InlineData(10.0, 10, null, 0)]        // unchanged
    [InlineData(500.0, 2, null, 2)]        // reset to zero then 2 parts
    [InlineData(995.0, 3, 999L, 8)]        // rollover: 996..999 (4) + 0..3 (4)
    [InlineData(100.0, 3, 999L, 3)]        // far from max: a reset, not a rollover
    [InlineData(10.0, -5, null, 0)]        // nonsense negative raw
    [InlineData(0.0, 1e308, null, 0)]      // absurd: was (long)1e308, a negative count
    [InlineData(-1.0, 5, null, 0)]         // a bad baseline never counts
    public void Increment_is_never_negative(double? previous, double raw, long? max, long expected)
    {
        CounterReading? reading = previous is { } p ? new CounterReading(p, T0) : null;
        Assert.Equal(expected, CounterDelta.Between(reading, raw, max));
    }
}
