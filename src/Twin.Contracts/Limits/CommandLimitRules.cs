namespace Twin.Contracts;

/// <summary>
/// The one definition of every command's bounds: which text is limited by which <see cref="CommandLimits"/> setting,
/// which list by which count, which number by which range. Free of Orleans and of HTTP, so the silo checks every
/// command with it whichever way it came (REST, the client SDK, the ERP sync, twin to twin) and nothing outside
/// these bounds is ever stored. Field names are spelled as in the REST body, so a plant app sees the same field in a
/// 400 problem and in an SDK result. Each check is a length, a count or a comparison: no allocation unless a value
/// is refused.
/// </summary>
public static class CommandLimitRules
{
    /// <summary>
    /// The first value of <paramref name="command"/> outside its bound, or null. <paramref name="known"/> is false for
    /// a command type these rules do not know: a new command must get its bounds here (the silo refuses it until then).
    /// </summary>
    public static LimitViolation? Check(ITwinCommand command, CommandLimits limits, out bool known)
    {
        known = true;
        var user = Text(command.Context?.User, "user", limits.MaxReasonLength);
        if (user is not null)
            return user;
        switch (command)
        {
            case RegisterMachine c:
                return Text(c.Name, "name", limits.MaxNameLength)
                    ?? Text(c.WorkCentre, "workCentre", limits.MaxNameLength)
                    ?? Duration(c.IdealCycleTime, "idealCycleTime")
                    ?? (c.CounterMaximum is { } rollover ? Range(rollover, "counterMaximum", 1, CommandLimits.MaxCounterReading) : null);
            case ChangeMachineStatus c:
                return Text(c.Reason, "reason", limits.MaxReasonLength);
            case AssignOperation c:
                return Sequence(c.OperationSequence, "operationSequence") ?? Duration(c.StandardCycleTime, "standardCycleTime");
            case CreateWorkOrder c:
                return Text(c.Unit, "unit", limits.MaxUnitLength)
                    ?? Quantity(c.PlannedQuantity, "plannedQuantity", limits)
                    ?? Range(c.OverDeliveryTolerancePercent, "overDeliveryTolerancePercent", 0m, CommandLimits.MaxOverDeliveryTolerancePercent)
                    ?? Routing(c.Routing, limits);
            case ChangeWorkOrderStatus c:
                return Text(c.Reason, "reason", limits.MaxReasonLength);
            case ReportProduction c:
                return Sequence(c.OperationSequence, "operationSequence")
                    ?? Quantity(c.Good, "good", limits)
                    ?? Quantity(c.Scrap, "scrap", limits)
                    ?? Text(c.ScrapReason, "scrapReason", limits.MaxReasonLength);
            case ConsumeMaterial c:
                return Quantity(c.Quantity, "quantity", limits)
                    ?? (c.OperationSequence is { } sequence ? Sequence(sequence, "operationSequence") : null);
            case ReceiveOutput c:
                return Quantity(c.Quantity, "quantity", limits);
            case SyncWorkOrderFromErp c:
                return Text(c.Unit, "unit", limits.MaxUnitLength)
                    ?? Quantity(c.PlannedQuantity, "plannedQuantity", limits)
                    ?? Routing(c.Routing, limits, zeroMeansNoStandard: true);
            case CreateLocation c:
                return Text(c.Name, "name", limits.MaxNameLength);
            case ReceiveStock c:
                return Quantity(c.Quantity, "quantity", limits) ?? Text(c.Unit, "unit", limits.MaxUnitLength);
            case IssueStock c:
                return Quantity(c.Quantity, "quantity", limits);
            case MoveStock c:
                return Quantity(c.Quantity, "quantity", limits);
            case SplitLot c:
                return Quantity(c.Quantity, "quantity", limits);
            case PlaceLotOnHold c:
                return Text(c.Reason, "reason", limits.MaxReasonLength) ?? Text(c.ReasonCode, "reasonCode", CommandLimits.MaxReasonCodeLength);
            case ReleaseLot c:
                return Text(c.Reason, "reason", limits.MaxReasonLength) ?? Text(c.ReasonCode, "reasonCode", CommandLimits.MaxReasonCodeLength);
            case LotInflow c:
                return Quantity(c.Quantity, "quantity", limits) ?? Text(c.Unit, "unit", limits.MaxUnitLength);
            case LotOutflow c:
                return Quantity(c.Quantity, "quantity", limits);
            case MergeLots or LotChildLinks:
                return null; // ids only (TwinIds), or genealogy edges a twin built from commands checked here
            default:
                known = false;
                return null;
        }
    }

    /// <summary>
    /// The first signal of a batch outside its bounds, or null: the count, each name and text length, counter readings
    /// (whole numbers 0..2^53) and source times within the window around <paramref name="now"/>. With
    /// <paramref name="sizesOnly"/> only the count and the lengths: the live path's check for batches the OPC UA ingest
    /// builds, two length comparisons per value (the machine twin itself handles counter resets and clocks ahead).
    /// </summary>
    public static LimitViolation? CheckSignals(IReadOnlyList<MachineSignal>? signals, CommandLimits limits, DateTimeOffset now, bool sizesOnly = false)
    {
        if (Count(signals, "signals", limits.MaxSignalsPerRequest) is { } tooMany)
            return tooMany;
        var window = (Earliest: now - limits.MaxSignalAge, Latest: now + limits.MaxSignalTimeAhead);
        // Arrays and lists (what ingest builds and what Orleans deserializes) are read in place: no interface call and
        // no copy of the value per signal.
        var values = signals switch
        {
            MachineSignal[] array => array,
            List<MachineSignal> list => System.Runtime.InteropServices.CollectionsMarshal.AsSpan(list),
            _ => default,
        };
        if (values.IsEmpty && signals is { Count: > 0 })
        {
            for (var i = 0; i < signals.Count; i++)
            {
                if (Signal(signals[i], i, limits, window, sizesOnly, now) is { } problem)
                    return problem;
            }

            return null;
        }

        for (var i = 0; i < values.Length; i++)
        {
            if (Signal(in values[i], i, limits, window, sizesOnly, now) is { } problem)
                return problem;
        }

        return null;
    }

    private static LimitViolation? Signal(in MachineSignal signal, int i, CommandLimits limits, (DateTimeOffset Earliest, DateTimeOffset Latest) window, bool sizesOnly, DateTimeOffset now)
    {
        if (signal.Name is { } name && name.Length > limits.MaxSignalNameLength)
            return Text(name, $"signals[{i}].name", limits.MaxSignalNameLength);
        if (signal.Text is { } text && text.Length > limits.MaxSignalTextLength)
            return Text(text, $"signals[{i}].text", limits.MaxSignalTextLength);
        if (sizesOnly)
            return null;
        // The cheap numeric test first: the three name comparisons run only for a value no counter may have.
        if (signal.Number is { } reading && (reading < 0 || reading > CommandLimits.MaxCounterReading || Math.Floor(reading) != reading) && IsCounter(signal.Name))
        {
            return new LimitViolation(TwinErrorCodes.ValueOutOfRange, $"signals[{i}].number", $"0..{CommandLimits.MaxCounterReading}",
                $"signals[{i}] ({signal.Name}) is a PLC counter: its reading must be a whole number from 0 to {CommandLimits.MaxCounterReading} (was {reading}).");
        }

        if (signal.SourceTimestamp > window.Latest || signal.SourceTimestamp < window.Earliest)
        {
            return new LimitViolation(TwinErrorCodes.ValueOutOfRange, $"signals[{i}].sourceTimestamp",
                $"{limits.MaxSignalAge} before to {limits.MaxSignalTimeAhead} after the silo's clock",
                $"signals[{i}].sourceTimestamp {signal.SourceTimestamp:O} is outside the accepted window: at most {limits.MaxSignalTimeAhead} ahead of the silo's clock ({now:O}) and at most {limits.MaxSignalAge} old. Check the gateway's clock.");
        }

        return null;
    }

    // zeroMeansNoStandard: an ERP operation without a standard value arrives with a zero standard time (SAP,
    // Dynamics); the ERP's orders keep it (the domain's order rules accept zero), a person or app creating an order
    // states a positive one.
    private static LimitViolation? Routing(IReadOnlyList<RoutingOperation>? routing, CommandLimits limits, bool zeroMeansNoStandard = false)
    {
        if (Count(routing, "routing", limits.MaxRoutingSteps) is { } tooMany)
            return tooMany;
        for (var i = 0; i < (routing?.Count ?? 0); i++)
        {
            if (routing![i] is not { } step)
                continue; // a null step is the twin's invalid-routing answer
            // Field names are built only for a refused step: a valid routing costs comparisons, no strings.
            if (step.Sequence is < 0 or > CommandLimits.MaxOperationSequence)
                return Sequence(step.Sequence, $"routing[{i}].sequence");
            if (step.WorkCentre?.Length > limits.MaxNameLength)
                return Text(step.WorkCentre, $"routing[{i}].workCentre", limits.MaxNameLength);
            if (step.StandardCycleTime == TimeSpan.Zero && zeroMeansNoStandard)
                continue;
            if (step.StandardCycleTime <= TimeSpan.Zero || step.StandardCycleTime > CommandLimits.MaxCycleTime)
                return Duration(step.StandardCycleTime, $"routing[{i}].standardCycleTime");
        }

        return null;
    }

    private static LimitViolation? Text(string? value, string field, int max) =>
        value is not null && value.Length > max
            ? new LimitViolation(TwinErrorCodes.ValueTooLong, field, Invariant(max),
                $"{field} has {value.Length} characters; at most {max} are allowed (setting {CommandLimits.Section}).")
            : null;

    private static LimitViolation? Count<T>(IReadOnlyCollection<T>? items, string field, int max) =>
        items is not null && items.Count > max
            ? new LimitViolation(TwinErrorCodes.TooManyValues, field, Invariant(max),
                $"{field} has {items.Count} elements; at most {max} are allowed in one command (setting {CommandLimits.Section}). Send them in several commands.")
            : null;

    /// <summary>A quantity at most MaxQuantity in size; its sign is the twin's rule (it answers invalid-quantity).</summary>
    private static LimitViolation? Quantity(decimal value, string field, CommandLimits limits) =>
        Math.Abs(value) > limits.MaxQuantity
            ? new LimitViolation(TwinErrorCodes.ValueOutOfRange, field, $"at most {limits.MaxQuantity}",
                $"{field} {value} is larger than the largest quantity a command may carry ({limits.MaxQuantity}, setting {CommandLimits.Section}:MaxQuantity).")
            : null;

    private static LimitViolation? Sequence(int value, string field) => Range(value, field, 0, CommandLimits.MaxOperationSequence);

    private static LimitViolation? Range(long value, string field, long min, long max) =>
        value < min || value > max ? OutOfRange(field, $"{min}..{max}", $"{field} must be between {min} and {max} (was {value}).") : null;

    private static LimitViolation? Range(decimal value, string field, decimal min, decimal max) =>
        value < min || value > max ? OutOfRange(field, $"{min}..{max}", $"{field} must be between {min} and {max} (was {value}).") : null;

    private static LimitViolation? Duration(TimeSpan? value, string field) =>
        value is { } d && (d <= TimeSpan.Zero || d > CommandLimits.MaxCycleTime)
            ? OutOfRange(field, $"00:00:00..{CommandLimits.MaxCycleTime}", $"{field} must be a positive duration of at most {CommandLimits.MaxCycleTime} (was {d}).")
            : null;

    private static LimitViolation OutOfRange(string field, string limit, string message) =>
        new(TwinErrorCodes.ValueOutOfRange, field, limit, message);

    private static string Invariant(int value) => value.ToString(System.Globalization.CultureInfo.InvariantCulture);

    private static bool IsCounter(string? name) =>
        string.Equals(name, MachineSignalNames.GoodCount, StringComparison.OrdinalIgnoreCase)
        || string.Equals(name, MachineSignalNames.ScrapCount, StringComparison.OrdinalIgnoreCase)
        || string.Equals(name, MachineSignalNames.CycleCount, StringComparison.OrdinalIgnoreCase);
}
