using System.Text.Json.Serialization;

namespace Twin.Domain.Machines;

/// <summary>
/// Production counted in one minute of source time, kept for OEE over a window. A twin keeps one per minute it
/// counted for the whole retention (a day: 1,440 a machine), so it is 16 bytes held inline in the twin's list: the
/// minute since the Unix epoch and three counts as 32-bit numbers. A record object per minute cost 64 bytes (issue 9,
/// embedded plant-scale: the silo's heap grew by the minute). Counts past 2^31 in one minute go into a second sample
/// of the same minute (see <see cref="CanAdd"/>), so nothing is lost or clipped. Stored as [minute, good, scrap,
/// cycles] (<see cref="CountSampleJsonConverter"/>).
/// </summary>
[JsonConverter(typeof(CountSampleJsonConverter))]
public readonly record struct CountSample
{
    private readonly int _minute;
    private readonly int _good;
    private readonly int _scrap;
    private readonly int _cycles;

    /// <summary>A sample of the minute that <paramref name="at"/> falls in.</summary>
    public CountSample(DateTimeOffset at, long good, long scrap, long cycles)
        : this(MinuteOf(at), good, scrap, cycles)
    {
    }

    /// <summary>A sample of a minute counted since the Unix epoch (the stored form).</summary>
    public CountSample(int minute, long good, long scrap, long cycles)
    {
        if (!Fits(good) || !Fits(scrap) || !Fits(cycles))
        {
            throw new ArgumentOutOfRangeException(nameof(good), $"A count sample holds 0 to {int.MaxValue} of each count; split larger counts ({good}, {scrap}, {cycles}).");
        }
        _minute = minute;
        _good = (int)good;
        _scrap = (int)scrap;
        _cycles = (int)cycles;
    }

    /// <summary>Start of the minute, UTC.</summary>
    public DateTimeOffset At => new(DateTime.UnixEpoch.Ticks + _minute * TimeSpan.TicksPerMinute, TimeSpan.Zero);

    /// <summary>Minutes since the Unix epoch.</summary>
    public int Minute => _minute;

    public long Good => _good;

    public long Scrap => _scrap;

    public long Cycles => _cycles;

    /// <summary>Whether these counts can join this sample without passing what it holds.</summary>
    public bool CanAdd(long good, long scrap, long cycles) =>
        Fits(_good + good) && Fits(_scrap + scrap) && Fits(_cycles + cycles);

    public CountSample Add(long good, long scrap, long cycles) => new(_minute, _good + good, _scrap + scrap, _cycles + cycles);

    /// <summary>Whether counts fit one sample (a counter step is never negative, see <see cref="CounterDelta"/>).</summary>
    public static bool Fits(long count) => count is >= 0 and <= int.MaxValue;

    /// <summary>The minute since the Unix epoch <paramref name="at"/> falls in (source times are at most an hour ahead
    /// of the silo, see <see cref="MachineTwin.MaxClockAhead"/>, so every one fits).</summary>
    public static int MinuteOf(DateTimeOffset at) =>
        checked((int)Math.Floor((at.UtcTicks - DateTime.UnixEpoch.Ticks) / (double)TimeSpan.TicksPerMinute));
}
