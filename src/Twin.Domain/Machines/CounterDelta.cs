namespace Twin.Domain.Machines;

/// <summary>
/// Turns absolute PLC counter values into increments. The first value after registration is a baseline,
/// not production. A value below the previous one is a rollover when the counter was near its configured
/// maximum, otherwise a reset to zero: either way the increment is never negative.
/// </summary>
public static class CounterDelta
{
    /// <summary>How close to the maximum (as a fraction) the previous value must be to read a drop as a rollover.</summary>
    public const double RolloverZone = 0.9;

    /// <summary>
    /// The largest counter value taken: 2^53, the last integer a double holds exactly (PLC counters are 16-64 bit
    /// unsigned integers; OPC UA may carry them as Double). Above it increments lose precision, and a value such as
    /// 1e308 turned into a negative production count.
    /// </summary>
    public const double MaxReading = 9_007_199_254_740_992d;

    /// <summary>
    /// True when <paramref name="raw"/> can be a counter reading: finite, not negative, at most <see cref="MaxReading"/>.
    /// Anything else is a wrong tag or a broken gateway; it must neither count nor become the next baseline.
    /// </summary>
    public static bool IsReading(double raw) => double.IsFinite(raw) && raw >= 0 && raw <= MaxReading;

    public static long Between(CounterReading? previous, double raw, long? counterMaximum)
    {
        if (previous is not { } baseline || !IsReading(raw) || !IsReading(baseline.Raw))
        {
            return 0;
        }
        var last = baseline.Raw;
        if (raw >= last)
        {
            return (long)Math.Round(raw - last);
        }
        if (counterMaximum is { } max && max > 0 && last >= max * RolloverZone)
        {
            return (long)Math.Round(max - last + 1 + raw);
        }
        return (long)Math.Round(raw);
    }
}
