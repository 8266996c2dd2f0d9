using System.Text.Json.Serialization;

namespace Twin.Domain.Machines;

/// <summary>
/// The rules of a machine twin: status state machine with transition times, latest signal values,
/// counters from absolute PLC values, the assigned operation, and OEE from its own history.
/// Plain properties so the grain can persist it as-is.
/// </summary>
public sealed class MachineTwin : TwinRecord
{
    public const string StatusSignal = "status";
    public const string GoodCounter = "good-count";
    public const string ScrapCounter = "scrap-count";
    public const string CycleCounter = "cycle-count";

    private static readonly IReadOnlyList<StateChange> NoChanges = [];

    public bool Registered { get; set; }
    // Shared: thousands of twins name the same plant and a few dozen work centres.
    public string Plant { get; set => field = SharedText.Intern(value); } = "";
    public string Name { get; set; } = "";
    public string? WorkCentre { get; set => field = SharedText.InternOrNull(value); }
    public TimeSpan? IdealCycleTime { get; set; }

    /// <summary>The kind of machine (press, cnc-mill…) its maintenance times are set for; shared like the work centre.</summary>
    public string? MachineClass { get; set => field = SharedText.InternOrNull(value); }

    /// <summary>A maintenance request is open for the current stop (<see cref="MaintenancePolicy"/>); one flag, no object.</summary>
    public bool MaintenanceRequested { get; set; }
    public long? CounterMaximum { get; set; }

    public MachineState Status { get; set; } = MachineState.Unknown;
    public DateTimeOffset StatusSince { get; set; }

    /// <summary>Transitions kept for OEE and display, oldest first; trimmed by <see cref="Retention"/>.</summary>
    public List<StateChange> Transitions { get; set; } = [];
    public SignalTable Signals { get; set; } = new();

    /// <summary>
    /// The last reading of each counter (the baseline of the next), held as three doubles (NaN: none yet). This
    /// dictionary is only the stored form (made on a write, read on activation): a twin keeps no dictionary and no
    /// reading object for three numbers. The time stored beside a reading is its signal's; counting never uses it.
    /// </summary>
    public Dictionary<string, CounterReading> Counters
    {
        get
        {
            var stored = new Dictionary<string, CounterReading>(StringComparer.Ordinal);
            Add(GoodCounter, _goodBaseline);
            Add(ScrapCounter, _scrapBaseline);
            Add(CycleCounter, _cycleBaseline);
            return stored;

            void Add(string name, double baseline)
            {
                if (!double.IsNaN(baseline))
                {
                    stored[name] = new CounterReading(baseline, Signals.TryGetValue(name, out var signal) ? signal.SourceTimestamp : default);
                }
            }
        }
        set
        {
            _goodBaseline = value.TryGetValue(GoodCounter, out var good) ? good.Raw : double.NaN;
            _scrapBaseline = value.TryGetValue(ScrapCounter, out var scrap) ? scrap.Raw : double.NaN;
            _cycleBaseline = value.TryGetValue(CycleCounter, out var cycles) ? cycles.Raw : double.NaN;
        }
    }

    private double _goodBaseline = double.NaN;
    private double _scrapBaseline = double.NaN;
    private double _cycleBaseline = double.NaN;
    public long Good { get; set; }
    public long Scrap { get; set; }
    public long Cycles { get; set; }
    /// <summary>Counted production per minute of source time, oldest first (for OEE). Made with the first count: most
    /// twins never count (idle machines, machines without counters), and an empty list costs 32 bytes a twin.</summary>
    [JsonIgnore]
    public List<CountSample> CountLog => _countLog ??= [];

    [JsonInclude]
    [JsonPropertyName(nameof(CountLog))]
    private IReadOnlyList<CountSample> StoredCountLog
    {
        get => (IReadOnlyList<CountSample>?)_countLog ?? [];
        set => _countLog = value.Count > 0 ? [.. value] : null;
    }

    private List<CountSample>? _countLog;
    public MachineAssignment? Assignment { get; set; }

    /// <summary>Production reports not yet confirmed by their work order (sent again until they are).</summary>
    /// <summary>Made with the first report owed (see <see cref="CountLog"/> for why not before).</summary>
    [JsonIgnore]
    public List<PendingProductionReport> PendingReports => _pendingReports ??= [];

    /// <summary>How many reports are owed, without making the list.</summary>
    [JsonIgnore]
    public int PendingReportCount => _pendingReports?.Count ?? 0;

    [JsonInclude]
    [JsonPropertyName(nameof(PendingReports))]
    private IReadOnlyList<PendingProductionReport> StoredPendingReports
    {
        get => (IReadOnlyList<PendingProductionReport>?)_pendingReports ?? [];
        set => _pendingReports = value.Count > 0 ? [.. value] : null;
    }

    private List<PendingProductionReport>? _pendingReports;

    /// <summary>
    /// 64-bit hashes of recent signal batch event ids, oldest first: a resent batch is recognised and ignored.
    /// Hashes, not the ids, keep the twin small (a few hundred bytes instead of ~130 B per remembered id); a
    /// collision could only skip a batch whose values are then taken from the next one (counters are absolute).
    /// Held in a ring (<see cref="BatchHashRing"/>); this list is the stored form.
    /// </summary>
    public List<long> RecentBatchHashes
    {
        get => [.. _batchHashes.Oldest()];
        set => _batchHashes.Restore(value);
    }

    private BatchHashRing _batchHashes; // a struct held in the twin (no object of its own); mutated in place

    /// <summary>How long status and count history is kept for OEE (the largest window that can be asked for).</summary>
    public TimeSpan Retention { get; set; } = TimeSpan.FromDays(1);

    /// <summary>Bound on kept transitions and per-minute count samples.</summary>
    public int MaxSamples { get; set; } = 2000;

    /// <summary>
    /// Resends come within a few batches of the original, and a value not newer than the last is ignored anyway
    /// (source-time rule), so a short memory of batch ids is enough.
    /// </summary>
    public int MaxRememberedBatches { get; set; } = 32;

    /// <summary>
    /// How far ahead of the silo's clock a value's source time may be and still be taken as it is. Plant clocks
    /// drift by seconds to minutes; beyond an hour the clock is broken and the silo's time is used instead.
    /// </summary>
    public static readonly TimeSpan MaxClockAhead = TimeSpan.FromHours(1);

    public string Register(string plant, string name, string? workCentre, TimeSpan? idealCycleTime, long? counterMaximum, DateTimeOffset now,
        string? machineClass = null)
    {
        DomainErrors.Require(!string.IsNullOrWhiteSpace(name), DomainErrors.InvalidCommand, "Machine name is missing.");
        DomainErrors.Require(idealCycleTime is null || idealCycleTime > TimeSpan.Zero, DomainErrors.InvalidCommand,
            "Ideal cycle time must be greater than zero when given.");
        DomainErrors.Require(counterMaximum is null or > 0, DomainErrors.InvalidCommand, "Counter maximum must be greater than zero when given.");
        if (Registered)
        {
            DomainErrors.Require(Plant == plant, DomainErrors.PlantMismatch,
                $"Machine is already registered in plant '{Plant}', not '{plant}'.");
        }
        var created = !Registered;
        Registered = true;
        Plant = plant;
        Name = name;
        WorkCentre = workCentre;
        IdealCycleTime = idealCycleTime;
        CounterMaximum = counterMaximum;
        MachineClass = machineClass;
        if (created)
        {
            StatusSince = now;
        }
        // The first registration's line names only the plant, one shared text for all its machines: the name is the
        // twin's own field, and a copy of it in every machine's history cost ~100 bytes a twin (issue 9: ≤ 4 KB).
        return created ? SharedText.Intern($"registered in plant {plant}") : $"registration updated ('{name}')";
    }

    public void EnsureRegistered() =>
        DomainErrors.Require(Registered, DomainErrors.MachineNotFound, "Machine is not registered; register it first.");

    /// <summary>Changes status at <paramref name="at"/>. Returns null when nothing changed (same status or older than the current one).</summary>
    public StateChange? ChangeStatus(MachineState to, DateTimeOffset at, string? reason)
    {
        EnsureRegistered();
        DomainErrors.Require(Enum.IsDefined(to), DomainErrors.InvalidCommand, $"Unknown machine status {(int)to}.");
        if (to == Status || (Transitions.Count > 0 && at < StatusSince))
        {
            return null;
        }
        var change = new StateChange(Status, to, at, reason);
        Status = to;
        StatusSince = at;
        SmallLists.MakeRoom(Transitions);
        Transitions.Add(change);
        SmallLists.Fit(Transitions);
        Trim(at);
        return change;
    }

    public string Assign(string workOrderId, int operationSequence, TimeSpan? standardCycleTime, DateTimeOffset now)
    {
        EnsureRegistered();
        DomainErrors.Require(operationSequence >= 0, DomainErrors.InvalidCommand, "Operation sequence must not be negative.");
        Assignment = new MachineAssignment(workOrderId, operationSequence, standardCycleTime, now);
        return $"assigned to work order {workOrderId} operation {operationSequence}";
    }

    public string ClearAssignment()
    {
        EnsureRegistered();
        var previous = Assignment;
        Assignment = null;
        return previous is null ? "no assignment to clear" : $"assignment to work order {previous.WorkOrderId} cleared";
    }

    /// <summary>
    /// Applies a signal batch once per event id. Values older than the last one seen for the same signal are
    /// stale (out of order) and ignored; counters only move on good-quality values.
    /// </summary>
    public SignalBatchEffect ApplySignals(string eventId, IReadOnlyList<SignalSample> samples, DateTimeOffset now)
    {
        EnsureRegistered();
        var hash = BatchHash.Of(eventId);
        if (_batchHashes.Contains(hash))
        {
            return new SignalBatchEffect(true, 0, samples.Count, 0, 0, 0, NoChanges, null);
        }
        _batchHashes.Add(hash, MaxRememberedBatches);

        int applied = 0, ignored = 0;
        long good = 0, scrap = 0, cycles = 0;
        List<StateChange>? changes = null;
        var latest = DateTimeOffset.MinValue;
        // Oldest first, so a status change and counters step in source order. A batch from one Publish response is
        // almost always in order already: walk it as it is and sort (stable, by index) only when it is not.
        var order = SourceOrder(samples);
        for (var k = 0; k < samples.Count; k++)
        {
            var sample = samples[order is null ? k : order[k]];
            // A value stamped far in the future (a PLC clock off by years, a gateway sending 9999-12-31) would make
            // every real value after it look stale, so that signal would never update again. It is applied as of
            // now instead: the value is kept and later values still apply.
            if (sample.SourceTimestamp > now + MaxClockAhead)
            {
                sample = sample with { SourceTimestamp = now };
            }
            var slot = Signals.IndexOf(sample.Name);
            if (slot >= 0 && sample.SourceTimestamp.UtcTicks <= Signals.UtcTicksAt(slot))
            {
                ignored++;
                continue;
            }
            Signals.Set(new SignalValue(sample.Name, sample.Number, sample.Text, sample.Quality, sample.SourceTimestamp), slot);
            applied++;
            latest = sample.SourceTimestamp > latest ? sample.SourceTimestamp : latest;
            switch (sample.Name)
            {
                case StatusSignal when sample.IsGood && ParseStatus(sample) is { } status:
                    if (ChangeStatus(status, sample.SourceTimestamp, "signal") is { } change)
                    {
                        (changes ??= []).Add(change);
                    }
                    break;
                case GoodCounter when sample.IsGood && sample.Number is { } raw:
                    good += Count(ref _goodBaseline, raw, sample.SourceTimestamp);
                    break;
                case ScrapCounter when sample.IsGood && sample.Number is { } raw:
                    scrap += Count(ref _scrapBaseline, raw, sample.SourceTimestamp);
                    break;
                case CycleCounter when sample.IsGood && sample.Number is { } raw:
                    cycles += Count(ref _cycleBaseline, raw, sample.SourceTimestamp);
                    break;
            }
        }
        Good += good;
        Scrap += scrap;
        Cycles += cycles;
        if (good + scrap + cycles > 0)
        {
            // One sample per minute of source time: OEE windows are minutes to days, and the persisted state stays small.
            LogCount(CountSample.MinuteOf(latest), good, scrap, cycles);
        }
        Trim(now);
        var reportTo = good + scrap > 0 ? Assignment : null;
        return new SignalBatchEffect(false, applied, ignored, good, scrap, cycles, changes ?? NoChanges, reportTo);
    }

    /// <summary>
    /// Owes production counted by one signal batch to the assigned operation. While the newest owed report is
    /// still <paramref name="lastIsOpen"/> (not yet written, so nobody has been told of it) and goes to the same
    /// operation, the quantities join it: one report per write interval instead of one per counter step. A report
    /// that has been written is fixed: its request id and quantities never change, so re-sending it is idempotent.
    /// </summary>
    public PendingProductionReport OweProduction(string requestId, string correlationId, string causationId, MachineAssignment target,
        long good, long scrap, DateTimeOffset at, bool lastIsOpen)
    {
        if (lastIsOpen && PendingReports.Count > 0 && PendingReports[^1] is { } open
            && open.WorkOrderId == target.WorkOrderId && open.OperationSequence == target.OperationSequence)
        {
            var joined = open with { Good = open.Good + good, Scrap = open.Scrap + scrap, At = at };
            PendingReports[^1] = joined;
            return joined;
        }
        var report = new PendingProductionReport(requestId, correlationId, causationId, target.WorkOrderId, target.OperationSequence, good, scrap, at);
        PendingReports.Add(report);
        return report;
    }

    /// <summary>
    /// OEE over [now - window, now]. Planned time is time in any status but Unknown; availability = running / planned;
    /// performance = ideal cycle time × parts / running time (capped at 1); quality = good / parts.
    /// </summary>
    public OeeResult Oee(DateTimeOffset now, TimeSpan window)
    {
        EnsureRegistered();
        DomainErrors.Require(window > TimeSpan.Zero, DomainErrors.InvalidCommand, "OEE window must be greater than zero.");
        var from = now - window;
        var planned = TimeSpan.Zero;
        var running = TimeSpan.Zero;
        // The status in force at 'from' is the target of the last transition before it (Unknown if none).
        var current = MachineState.Unknown;
        var cursor = from;
        foreach (var t in Transitions)
        {
            if (t.At <= from)
            {
                current = t.To;
                continue;
            }
            if (t.At > now)
            {
                break;
            }
            Accumulate(current, t.At - cursor, ref planned, ref running);
            cursor = t.At;
            current = t.To;
        }
        Accumulate(current, now - cursor, ref planned, ref running);

        long good = 0, scrap = 0;
        foreach (var s in (IReadOnlyList<CountSample>?)_countLog ?? [])
        {
            if (s.At >= from && s.At <= now)
            {
                good += s.Good;
                scrap += s.Scrap;
            }
        }
        var parts = good + scrap;
        double? availability = planned > TimeSpan.Zero ? running / planned : null;
        var ideal = Assignment?.StandardCycleTime ?? IdealCycleTime;
        double? performance = ideal is { } c && running > TimeSpan.Zero ? Math.Min(1.0, c * parts / running) : null;
        double? quality = parts > 0 ? (double)good / parts : null;
        double? oee = availability * performance * quality;
        return new OeeResult(from, now, planned, running, good, scrap, availability, performance, quality, oee);
    }

    // Into the minute's sample; counts it cannot hold (past 2^31 in a minute) go into further samples of the minute.
    private void LogCount(int minute, long good, long scrap, long cycles)
    {
        var log = CountLog;
        if (log.Count > 0 && log[^1].Minute == minute && log[^1].CanAdd(good, scrap, cycles))
        {
            log[^1] = log[^1].Add(good, scrap, cycles);
            return;
        }
        while (!CountSample.Fits(good) || !CountSample.Fits(scrap) || !CountSample.Fits(cycles))
        {
            long Part(ref long count)
            {
                var part = Math.Min(count, int.MaxValue);
                count -= part;
                return part;
            }
            SmallLists.MakeRoom(log);
            log.Add(new CountSample(minute, Part(ref good), Part(ref scrap), Part(ref cycles)));
        }
        SmallLists.MakeRoom(log);
        log.Add(new CountSample(minute, good, scrap, cycles));
    }

    private static void Accumulate(MachineState state, TimeSpan span, ref TimeSpan planned, ref TimeSpan running)
    {
        if (span <= TimeSpan.Zero || state == MachineState.Unknown)
        {
            return;
        }
        planned += span;
        if (state == MachineState.Running)
        {
            running += span;
        }
    }

    private long Count(ref double baseline, double raw, DateTimeOffset at)
    {
        if (!CounterDelta.IsReading(raw))
        {
            // Kept as the live value (visible), but a negative, infinite or absurd reading is not a baseline: taking
            // it as one made the next good reading count from -1 (fake production) or from 1e308 (negative).
            return 0;
        }

        CounterReading? previous = double.IsNaN(baseline) ? null : new CounterReading(baseline, at);
        baseline = raw;
        return CounterDelta.Between(previous, raw, CounterMaximum);
    }

    /// <summary>Null when <paramref name="samples"/> are already oldest first; otherwise their indexes in source-time
    /// order, equal times in batch order (what a stable sort gives).</summary>
    private static int[]? SourceOrder(IReadOnlyList<SignalSample> samples)
    {
        var sorted = true;
        for (var i = 1; i < samples.Count && sorted; i++)
        {
            sorted = samples[i - 1].SourceTimestamp <= samples[i].SourceTimestamp;
        }
        if (sorted)
        {
            return null;
        }
        var order = new int[samples.Count];
        for (var i = 0; i < order.Length; i++)
        {
            order[i] = i;
        }
        Array.Sort(order, (a, b) => samples[a].SourceTimestamp.CompareTo(samples[b].SourceTimestamp) is var c and not 0 ? c : a.CompareTo(b));
        return order;
    }

    private static MachineState? ParseStatus(SignalSample sample)
    {
        if (sample.Text is { } text && Enum.TryParse<MachineState>(text, ignoreCase: true, out var named) && Enum.IsDefined(named))
        {
            return named;
        }
        if (sample.Number is { } number && number == Math.Floor(number) && Enum.IsDefined((MachineState)(int)number))
        {
            return (MachineState)(int)number;
        }
        return null;
    }

    private void Trim(DateTimeOffset now)
    {
        var horizon = now - Retention;
        // Both lists are oldest first: only their heads are looked at, so a batch costs the same with a day of
        // history as with none (a scan of both lists per batch grew with the history). A count minute logged out of
        // order (an older counter value after a newer signal) goes when those before it go; OEE looks at times, not
        // places, so its answers do not change. Keep the last transition before the horizon: it says which status
        // was in force there.
        var drop = 0;
        while (drop + 1 < Transitions.Count && Transitions[drop + 1].At < horizon)
        {
            drop++;
        }
        if (drop > 0)
        {
            Transitions.RemoveRange(0, drop);
        }
        if (_countLog is { Count: > 0 } log && log[0].At < horizon)
        {
            var old = 1;
            while (old < log.Count && log[old].At < horizon)
            {
                old++;
            }
            log.RemoveRange(0, old);
        }
        if (Transitions.Count > MaxSamples)
        {
            Transitions.RemoveRange(0, Transitions.Count - MaxSamples);
        }
        if (_countLog?.Count > MaxSamples)
        {
            _countLog.RemoveRange(0, _countLog.Count - MaxSamples);
        }
    }
}
