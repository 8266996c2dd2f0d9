using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Twin.Contracts;
using Twin.Domain.Ingest;
using Twin.OpcUa.Encoding;
using Twin.OpcUa.Services;

namespace Twin.Grains.Ingest;

/// <summary>
/// Turns one Publish response into one <see cref="MachineSignalBatch"/> per machine. Ids are derived from
/// content, not counters: the event id from a 64-bit hash of connection, machine and every (tag, source time,
/// value, status) — computed over the values' bits, not their text (formatting and SHA-256 per batch were the
/// largest cost of ingest in the benchmark profile) —
/// so a redelivered or republished message yields the same id and the machine twin recognises it; the
/// correlation id from connection, subscription, sequence number and publish time, one per notification message.
/// </summary>
internal sealed class SignalBatchBuilder
{
    private readonly string _connectionId;
    private readonly string _plant;
    private readonly long _connectionHash;
    private readonly MappedTag[] _tags;
    private readonly string[] _machines;
    private readonly MachineGroup[] _groups;
    private readonly int[] _tagsPerMachine;
    private readonly (long Ticks, Variant Value, uint Status)[] _lastSeen;
    private int _round;

    // Tag i is monitored with client handle i + 1.
    public SignalBatchBuilder(string connectionId, string plant, IReadOnlyList<TagConfiguration> tags)
    {
        _connectionId = connectionId;
        _connectionHash = ContentHash.Of(connectionId);
        _plant = plant;
        _machines = tags.Select(t => t.Machine).Distinct(StringComparer.Ordinal).ToArray();
        var machineIndex = _machines.Select((m, i) => (m, i)).ToDictionary(p => p.m, p => p.i, StringComparer.Ordinal);
        _tags = tags.Select(t => new MappedTag(t.NodeId.Trim(), machineIndex[t.Machine], string.Intern(SignalNames.Normalize(t.Signal)),
            t.StatusMap is { } map ? StatusMap.Parse(map) : null)).ToArray();
        _groups = new MachineGroup[_machines.Length];
        _tagsPerMachine = new int[_machines.Length];
        foreach (var tag in _tags)
        {
            _tagsPerMachine[tag.MachineIndex]++;
        }
        _lastSeen = new (long, Variant, uint)[_tags.Length];
    }

    public static uint HandleOf(int tagIndex) => (uint)tagIndex + 1;

    public string NodeIdOf(uint clientHandle) => clientHandle >= 1 && clientHandle <= _tags.Length ? _tags[clientHandle - 1].NodeId : $"client handle {clientHandle}";

    /// <summary>Builds the batches; <paramref name="unknown"/> is told about every notification whose handle no tag has.</summary>
    public List<MachineSignalBatch> Build(DataChangeBatch message, DateTimeOffset receivedAt, Action<uint> unknown)
    {
        // Grouping by machine index through arrays sized once: no dictionary or string hashing per notification.
        _round++;
        var touched = new List<int>();
        foreach (var n in message.Notifications)
        {
            if (n.ClientHandle < 1 || n.ClientHandle > _tags.Length)
            {
                unknown(n.ClientHandle);
                continue;
            }

            var tagIndex = (int)n.ClientHandle - 1;
            var tag = _tags[tagIndex];
            ref var group = ref _groups[tag.MachineIndex];
            if (group.Round != _round)
            {
                // Sized for all of the machine's tags: one array per batch, never regrown (values are structs inside it).
                group = new MachineGroup(_round, new List<MachineSignal>(_tagsPerMachine[tag.MachineIndex]), ContentHash.Start(_connectionHash, tag.MachineIndex));
                touched.Add(tag.MachineIndex);
            }

            var signal = KeepServerOrder((uint)tagIndex, ToSignal(tag, n.Value, message.PublishTime, receivedAt), n.Value);
            group.Signals.Add(signal);
            group.Hash = ContentHash.Add(group.Hash, tagIndex, signal.SourceTimestamp.UtcTicks, n.Value);
        }

        var correlationId = "opc:" + Hash(
            $"{_connectionId}|{message.SubscriptionId}|{message.SequenceNumber}|{message.PublishTime.Ticks}|{(message.Count > 0 ? message.Notifications[0].Value.SourceTimestamp.Ticks : 0)}", 16);
        var batches = new List<MachineSignalBatch>(touched.Count);
        foreach (var machineIndex in touched)
        {
            var group = _groups[machineIndex];
            var machine = _machines[machineIndex];
            batches.Add(new MachineSignalBatch($"opc:{machine}:{(ulong)group.Hash:x16}", correlationId, _plant, machine, group.Signals));
        }

        return batches;
    }

    /// <summary>
    /// Servers stamp many changes of one node with the same source time (node-opcua: milliseconds; a PLC counter
    /// can step several times per millisecond). The twin treats a value not newer than the last as stale, so a new
    /// value with an equal or older stamp is moved just past the previous one (100 ns): the order the server
    /// queued them in is what counts. A repeat of the same value and stamp (a resend) is left alone, so it stays a repeat.
    /// </summary>
    private MachineSignal KeepServerOrder(uint index, MachineSignal signal, DataValue value)
    {
        ref var last = ref _lastSeen[index];
        var ticks = signal.SourceTimestamp.UtcTicks;
        var repeat = ticks == last.Ticks && value.Value.Equals(last.Value) && value.StatusCode.Code == last.Status;
        if (!repeat && last.Ticks != 0 && ticks <= last.Ticks)
        {
            ticks = last.Ticks + 1;
            signal = signal with { SourceTimestamp = new DateTimeOffset(ticks, TimeSpan.Zero) };
        }

        last = (ticks, value.Value, value.StatusCode.Code);
        return signal;
    }

    private static MachineSignal ToSignal(MappedTag tag, DataValue value, DateTime publishTime, DateTimeOffset receivedAt)
    {
        var quality = value.StatusCode.IsGood ? SignalQuality.Good : value.StatusCode.IsUncertain ? SignalQuality.Uncertain : SignalQuality.Bad;
        // Source time is what happened on the machine; servers that omit it get the server's or the publish time.
        var at = value.SourceTimestamp != default ? value.SourceTimestamp
            : value.ServerTimestamp != default ? value.ServerTimestamp
            : publishTime > DateTime.MinValue ? publishTime
            : receivedAt.UtcDateTime;
        var timestamp = new DateTimeOffset(DateTime.SpecifyKind(at, DateTimeKind.Utc));
        if (tag.StatusNames is { } names && value.Value.TryGetDouble(out var code))
        {
            // The PLC's number becomes the state the plant file says it means; a number the map does not name stays
            // visible as text on the twin but changes no status (never read as Twin's own numbering).
            return new MachineSignal(tag.Signal, null,
                code == Math.Floor(code) && names.TryGetValue((long)code, out var state) ? state : string.Create(CultureInfo.InvariantCulture, $"{code} (not in statusMap)"),
                quality, timestamp);
        }

        return value.Value.TryGetDouble(out var number)
            ? new MachineSignal(tag.Signal, number, null, quality, timestamp)
            : new MachineSignal(tag.Signal, null, value.Value.IsNull ? null : value.Value.Value?.ToString(), quality, timestamp);
    }

    private static string Hash(string text, int bytes) =>
        Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text)).AsSpan(0, bytes));

    /// <summary>One configured tag as the builder needs it.</summary>
    /// <param name="NodeId">The tag's node id text.</param>
    /// <param name="MachineIndex">Index of its machine in the builder's machine list.</param>
    /// <param name="Signal">The twin's signal name.</param>
    /// <param name="StatusNames">A status tag's declared map from the PLC's numbers to state names; null otherwise.</param>
    private sealed record MappedTag(string NodeId, int MachineIndex, string Signal, IReadOnlyDictionary<long, string>? StatusNames);

    private struct MachineGroup(int round, List<MachineSignal> signals, long hash)
    {
        public readonly int Round = round;
        public readonly List<MachineSignal> Signals = signals;
        public long Hash = hash;
    }
}
