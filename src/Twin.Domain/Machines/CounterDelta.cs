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

    public static long Between(CounterReading? previous, double raw, long? counterMaximum)
    {
        if (previous is not { } baseline || double.IsNaN(raw) || raw < 0)
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
