using System.Text.Json.Serialization;

namespace Twin.Domain.Machines;

/// <summary>
/// A machine's latest value per signal, compact: one array of small slots, exactly as long as the machine has
/// signals (a machine has a handful and they do not change), looked up by a scan that compares the interned name
/// by reference first. A dictionary cost ~660 bytes for 5 signals (object, buckets, entries with 56-byte values);
/// this costs 24 + 40 per signal (issue 9: ≤ 4 KB per twin). Stored as the same JSON object as the dictionary was
/// (<see cref="SignalTableJsonConverter"/>), so rows written before read back unchanged.
/// </summary>
[JsonConverter(typeof(SignalTableJsonConverter))]
public sealed class SignalTable
{
    private static readonly Slot[] None = [];

    private Slot[] _slots = None;

    public int Count => _slots.Length;

    /// <summary>The values in the order the signals were first seen.</summary>
    public IEnumerable<SignalValue> Values
    {
        get
        {
            var slots = _slots;
            for (var i = 0; i < slots.Length; i++)
            {
                yield return slots[i].ToValue();
            }
        }
    }

    public SignalValue this[string name] =>
        IndexOf(name) is var i and >= 0 ? _slots[i].ToValue() : throw new KeyNotFoundException($"No signal '{name}'.");

    public bool TryGetValue(string name, out SignalValue value)
    {
        var i = IndexOf(name);
        value = i >= 0 ? _slots[i].ToValue() : default;
        return i >= 0;
    }

    /// <summary>The source time of the value at <paramref name="index"/> in UTC ticks (what staleness compares).</summary>
    public long UtcTicksAt(int index) => _slots[index].UtcTicks;

    /// <summary>The slot of <paramref name="name"/>, or -1.</summary>
    public int IndexOf(string name)
    {
        var slots = _slots;
        for (var i = 0; i < slots.Length; i++)
        {
            if (ReferenceEquals(slots[i].Name, name))
            {
                return i;
            }
        }
        for (var i = 0; i < slots.Length; i++)
        {
            if (string.Equals(slots[i].Name, name, StringComparison.Ordinal))
            {
                return i;
            }
        }
        return -1;
    }

    /// <summary>Sets the value of <paramref name="value"/>'s signal, in the slot <paramref name="index"/> when the
    /// caller has looked it up (-1: look it up, add it when new). Replacing a value allocates nothing.</summary>
    public void Set(in SignalValue value, int index = -1)
    {
        if (index < 0)
        {
            index = IndexOf(value.Name);
        }
        if (index < 0)
        {
            index = _slots.Length;
            var grown = new Slot[index + 1];
            Array.Copy(_slots, grown, index);
            _slots = grown;
        }
        _slots[index] = new Slot(value);
    }

    /// <summary>One value: the time as UTC ticks and offset minutes, quality and "has a number" in two bytes, so a
    /// slot is 40 bytes instead of the 56 of a <see cref="SignalValue"/>.</summary>
    private readonly struct Slot
    {
        public readonly string Name;
        public readonly string? Text;
        public readonly double Number;
        public readonly long UtcTicks;
        public readonly short OffsetMinutes;
        public readonly byte Quality;
        public readonly bool HasNumber;

        public Slot(in SignalValue value)
        {
            Name = value.Name;
            Text = value.Text;
            Number = value.Number ?? 0;
            HasNumber = value.Number.HasValue;
            UtcTicks = value.SourceTimestamp.UtcTicks;
            OffsetMinutes = (short)value.SourceTimestamp.Offset.TotalMinutes;
            // Quality is an OPC UA status class (0 good, 1 uncertain, 2 bad); anything else is kept as bad.
            Quality = value.Quality is >= 0 and <= byte.MaxValue ? (byte)value.Quality : (byte)2;
        }

        public SignalValue ToValue()
        {
            var offset = TimeSpan.FromMinutes(OffsetMinutes);
            return new SignalValue(Name, HasNumber ? Number : null, Text, Quality, new DateTimeOffset(UtcTicks + offset.Ticks, offset));
        }
    }
}
