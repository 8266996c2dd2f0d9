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
/// content, not counters: the event id from connection, machine and every (node, source time, value, status),
/// so a redelivered or republished message yields the same id and the machine twin recognises it; the
/// correlation id from connection, subscription, sequence number and publish time, one per notification message.
/// </summary>
internal sealed class SignalBatchBuilder
{
    private readonly string _connectionId;
    private readonly string _plant;
    private readonly MappedTag[] _tags;
    private readonly (long Ticks, Variant Value, uint Status)[] _lastSeen;

    // Tag i is monitored with client handle i + 1.
    public SignalBatchBuilder(string connectionId, string plant, IReadOnlyList<TagConfiguration> tags)
    {
        _connectionId = connectionId;
        _plant = plant;
        _tags = tags.Select(t => new MappedTag(t.NodeId.Trim(), t.Machine, SignalNames.Normalize(t.Signal))).ToArray();
        _lastSeen = new (long, Variant, uint)[_tags.Length];
    }

    public static uint HandleOf(int tagIndex) => (uint)tagIndex + 1;

    public string NodeIdOf(uint clientHandle) => clientHandle >= 1 && clientHandle <= _tags.Length ? _tags[clientHandle - 1].NodeId : $"client handle {clientHandle}";

    /// <summary>Builds the batches; <paramref name="unknown"/> is told about every notification whose handle no tag has.</summary>
    public List<MachineSignalBatch> Build(DataChangeBatch message, DateTimeOffset receivedAt, Action<uint> unknown)
    {
        var byMachine = new Dictionary<string, List<(MappedTag Tag, MachineSignal Signal, DataValue Value)>>(StringComparer.Ordinal);
        foreach (var n in message.Notifications)
        {
            if (n.ClientHandle < 1 || n.ClientHandle > _tags.Length)
            {
                unknown(n.ClientHandle);
                continue;
            }

            var tag = _tags[n.ClientHandle - 1];
            if (!byMachine.TryGetValue(tag.Machine, out var list))
            {
                byMachine[tag.Machine] = list = [];
            }

            var signal = ToSignal(tag, n.Value, message.PublishTime, receivedAt);
            list.Add((tag, KeepServerOrder(n.ClientHandle - 1, signal, n.Value), n.Value));
        }

        var correlationId = "opc:" + Hash(
            $"{_connectionId}|{message.SubscriptionId}|{message.SequenceNumber}|{message.PublishTime.Ticks}|{(message.Count > 0 ? message.Notifications[0].Value.SourceTimestamp.Ticks : 0)}", 16);
        var batches = new List<MachineSignalBatch>(byMachine.Count);
        foreach (var (machine, signals) in byMachine)
        {
            var content = new StringBuilder(_connectionId).Append('|').Append(machine);
            foreach (var (tag, signal, value) in signals)
            {
                content.Append('|').Append(tag.NodeId).Append('@').Append(signal.SourceTimestamp.UtcTicks.ToString(CultureInfo.InvariantCulture))
                    .Append('=').Append(value.Value.Value?.ToString() ?? "null").Append('#').Append(value.StatusCode.Code.ToString(CultureInfo.InvariantCulture));
            }

            batches.Add(new MachineSignalBatch($"opc:{machine}:{Hash(content.ToString(), 16)}", correlationId, _plant, machine,
                signals.ConvertAll(s => s.Signal)));
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
        return value.Value.TryGetDouble(out var number)
            ? new MachineSignal(tag.Signal, number, null, quality, timestamp)
            : new MachineSignal(tag.Signal, null, value.Value.IsNull ? null : value.Value.Value?.ToString(), quality, timestamp);
    }

    private static string Hash(string text, int bytes) =>
        Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text)).AsSpan(0, bytes));

    private sealed record MappedTag(string NodeId, string Machine, string Signal);
}
