namespace Twin.Domain.Machines;

/// <summary>What the machine twin has to do about maintenance now (see <see cref="MaintenancePolicy.Review"/>).</summary>
public enum MaintenanceStepKind
{
    /// <summary>Nothing: running, or a request is open and the machine has not run yet.</summary>
    None,

    /// <summary>Stopped, not yet long enough: look again at <see cref="MaintenanceStep.At"/>.</summary>
    WaitUntil,

    /// <summary>Stopped long enough: a maintenance request is now open.</summary>
    Request,

    /// <summary>Running again: the open request is closed.</summary>
    Close,
}

/// <summary>
/// The outcome of a review. For a request: when the stop began, how long it has lasted, the last status reason. For a
/// close: when the stop began (null when the twin no longer keeps that transition), when it ran again, the downtime.
/// </summary>
public readonly record struct MaintenanceStep(
    MaintenanceStepKind Kind,
    DateTimeOffset? At = null,
    DateTimeOffset? StoppedSince = null,
    TimeSpan? Downtime = null,
    TimeSpan DownAfter = default,
    string? Reason = null);

/// <summary>
/// When a stopped machine needs a maintenance request, and when the request is closed. A machine in Fault or Down
/// (either, one after the other: a fault that becomes a planned repair is one stop) for longer than the time set for
/// its machine class gets one request per stop; it is closed when the machine is Running again, whatever came in
/// between (Idle, Setup after the repair). Only a status change or the scheduled look at the due time asks: nothing
/// is decided per signal.
/// </summary>
public sealed class MaintenancePolicy
{
    private readonly IReadOnlyDictionary<string, TimeSpan> _byClass;

    public MaintenancePolicy(TimeSpan downAfter, IReadOnlyDictionary<string, TimeSpan>? byClass = null)
    {
        DomainErrors.Require(downAfter > TimeSpan.Zero, DomainErrors.InvalidCommand, "The time a machine may stand still before a maintenance request must be positive.");
        DownAfter = downAfter;
        _byClass = byClass is null ? new Dictionary<string, TimeSpan>() : new Dictionary<string, TimeSpan>(byClass, StringComparer.OrdinalIgnoreCase);
    }

    /// <summary>The time for machines whose class has no time of its own.</summary>
    public TimeSpan DownAfter { get; }

    /// <summary>A stopped machine: Fault or Down.</summary>
    public static bool IsStopped(MachineState state) => state is MachineState.Fault or MachineState.Down;

    /// <summary>The time a machine of <paramref name="machineClass"/> may stand still.</summary>
    public TimeSpan DownAfterFor(string? machineClass) =>
        machineClass is not null && _byClass.TryGetValue(machineClass, out var own) ? own : DownAfter;

    /// <summary>Decides, and records an opened or closed request on the twin.</summary>
    public MaintenanceStep Review(MachineTwin machine, DateTimeOffset now)
    {
        var downAfter = DownAfterFor(machine.MachineClass);
        if (machine.MaintenanceRequested)
        {
            if (machine.Status != MachineState.Running)
            {
                return new MaintenanceStep(MaintenanceStepKind.None, DownAfter: downAfter);
            }
            machine.MaintenanceRequested = false;
            var since = LastStopStart(machine);
            return new MaintenanceStep(MaintenanceStepKind.Close, machine.StatusSince, since, since is { } s ? machine.StatusSince - s : null, downAfter);
        }
        if (!IsStopped(machine.Status))
        {
            return new MaintenanceStep(MaintenanceStepKind.None, DownAfter: downAfter);
        }
        var stoppedSince = LastStopStart(machine) ?? machine.StatusSince;
        var due = stoppedSince + downAfter;
        if (now < due)
        {
            return new MaintenanceStep(MaintenanceStepKind.WaitUntil, due, stoppedSince, now - stoppedSince, downAfter);
        }
        machine.MaintenanceRequested = true;
        var reason = machine.Transitions.Count > 0 ? machine.Transitions[^1].Reason : null;
        return new MaintenanceStep(MaintenanceStepKind.Request, now, stoppedSince, now - stoppedSince, downAfter, reason);
    }

    /// <summary>
    /// When the latest stop began: the first of the consecutive transitions into Fault or Down that ends at the
    /// current status, or (running again) the latest such run before it. Null when the twin keeps no such transition
    /// (trimmed after a day of history).
    /// </summary>
    public static DateTimeOffset? LastStopStart(MachineTwin machine)
    {
        var transitions = machine.Transitions;
        var i = transitions.Count - 1;
        while (i >= 0 && !IsStopped(transitions[i].To))
        {
            i--;
        }
        if (i < 0)
        {
            return IsStopped(machine.Status) ? machine.StatusSince : null;
        }
        while (i > 0 && IsStopped(transitions[i].From) && IsStopped(transitions[i - 1].To))
        {
            i--;
        }
        return transitions[i].At;
    }
}
