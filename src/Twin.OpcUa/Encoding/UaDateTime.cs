namespace Twin.OpcUa.Encoding;

/// <summary>Converts between .NET time and the OPC UA wire form (Int64 100 ns ticks since 1601-01-01 UTC).</summary>
internal static class UaDateTime
{
    private static readonly long EpochTicks = new DateTime(1601, 1, 1, 0, 0, 0, DateTimeKind.Utc).Ticks;

    public static long ToWire(DateTime value)
    {
        if (value.Kind == DateTimeKind.Local)
        {
            value = value.ToUniversalTime();
        }

        if (value.Ticks <= EpochTicks)
        {
            return 0;
        }

        return value == DateTime.MaxValue ? long.MaxValue : value.Ticks - EpochTicks;
    }

    public static DateTime FromWire(long wire)
    {
        if (wire <= 0)
        {
            return DateTime.MinValue;
        }

        return wire >= DateTime.MaxValue.Ticks - EpochTicks ? DateTime.MaxValue : new DateTime(wire + EpochTicks, DateTimeKind.Utc);
    }
}
