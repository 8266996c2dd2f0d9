using Twin.Contracts;

namespace Twin.Api.Requests.Limits;

/// <summary>
/// The limits of each command body, in one place so that a new request type is added here or not at all
/// (<see cref="RequestLimitFilter"/> refuses a command body this class does not know, in development and tests).
/// </summary>
internal static class RequestBodyLimits
{
    /// <summary>Largest value a PLC counter can report exactly through JSON numbers (2^53).</summary>
    public const long MaxCounterReading = 9_007_199_254_740_992;

    /// <summary>Highest routing operation number (SAP and Dynamics number operations with four or five digits).</summary>
    public const int MaxOperationSequence = 99_999;

    /// <summary>Longest cycle time a routing step or machine may state.</summary>
    public static readonly TimeSpan MaxCycleTime = TimeSpan.FromDays(7);

    /// <summary>Checks <paramref name="body"/>; returns false when its type has no rules here.</summary>
    public static bool Check(ICommandBody body, RequestLimits limits, DateTimeOffset now)
    {
        switch (body)
        {
            case RegisterMachineRequest r:
                LimitCheck.Text(r.Name, "name", limits.MaxNameLength);
                LimitCheck.Text(r.WorkCentre, "workCentre", limits.MaxNameLength);
                LimitCheck.Duration(r.IdealCycleTime, "idealCycleTime", MaxCycleTime);
                if (r.CounterMaximum is { } rollover)
                    LimitCheck.Range(rollover, "counterMaximum", 1, MaxCounterReading);
                return true;
            case ChangeMachineStatusRequest r:
                LimitCheck.Text(r.Reason, "reason", limits.MaxReasonLength);
                return true;
            case AssignOperationRequest r:
                LimitCheck.Range(r.OperationSequence, "operationSequence", 0, MaxOperationSequence);
                LimitCheck.Duration(r.StandardCycleTime, "standardCycleTime", MaxCycleTime);
                return true;
            case MachineSignalsRequest r:
                Signals(r.Signals, limits, now);
                return true;
            case CreateWorkOrderRequest r:
                LimitCheck.Text(r.Unit, "unit", limits.MaxUnitLength);
                LimitCheck.Quantity(r.PlannedQuantity, "plannedQuantity", limits.MaxQuantity);
                LimitCheck.Range(r.OverDeliveryTolerancePercent, "overDeliveryTolerancePercent", 0m, 1000m);
                LimitCheck.Count(r.Routing, "routing", limits.MaxRoutingSteps);
                for (var i = 0; i < (r.Routing?.Count ?? 0); i++)
                {
                    if (r.Routing![i] is not { } step)
                        continue; // a null step is the endpoint's "routing[i] is null" answer
                    LimitCheck.Range(step.Sequence, $"routing[{i}].sequence", 0, MaxOperationSequence);
                    LimitCheck.Text(step.WorkCentre, $"routing[{i}].workCentre", limits.MaxNameLength);
                    LimitCheck.Duration(step.StandardCycleTime, $"routing[{i}].standardCycleTime", MaxCycleTime);
                }

                return true;
            case WorkOrderStepRequest r:
                LimitCheck.Text(r.Reason, "reason", limits.MaxReasonLength);
                return true;
            case ReportProductionRequest r:
                LimitCheck.Range(r.OperationSequence, "operationSequence", 0, MaxOperationSequence);
                LimitCheck.Quantity(r.Good, "good", limits.MaxQuantity);
                LimitCheck.Quantity(r.Scrap, "scrap", limits.MaxQuantity);
                LimitCheck.Text(r.ScrapReason, "scrapReason", limits.MaxReasonLength);
                return true;
            case ConsumeMaterialRequest r:
                LimitCheck.Quantity(r.Quantity, "quantity", limits.MaxQuantity);
                if (r.OperationSequence is { } sequence)
                    LimitCheck.Range(sequence, "operationSequence", 0, MaxOperationSequence);
                return true;
            case ReceiveOutputRequest r:
                LimitCheck.Quantity(r.Quantity, "quantity", limits.MaxQuantity);
                return true;
            case CreateLocationRequest r:
                LimitCheck.Text(r.Name, "name", limits.MaxNameLength);
                return true;
            case ReceiveStockRequest r:
                LimitCheck.Quantity(r.Quantity, "quantity", limits.MaxQuantity);
                LimitCheck.Text(r.Unit, "unit", limits.MaxUnitLength);
                return true;
            case IssueStockRequest r:
                LimitCheck.Quantity(r.Quantity, "quantity", limits.MaxQuantity);
                return true;
            case MoveStockRequest r:
                LimitCheck.Quantity(r.Quantity, "quantity", limits.MaxQuantity);
                return true;
            case HoldLotRequest r:
                LimitCheck.Text(r.Reason, "reason", limits.MaxReasonLength);
                LimitCheck.Text(r.User, "user", limits.MaxReasonLength);
                LimitCheck.Text(r.ReasonCode, "reasonCode", HoldLotRequest.ReasonCodeLength);
                return true;
            case ReleaseLotRequest r:
                LimitCheck.Text(r.Reason, "reason", limits.MaxReasonLength);
                LimitCheck.Text(r.User, "user", limits.MaxReasonLength);
                LimitCheck.Text(r.ReasonCode, "reasonCode", HoldLotRequest.ReasonCodeLength);
                return true;
            case SplitLotRequest r:
                LimitCheck.Quantity(r.Quantity, "quantity", limits.MaxQuantity);
                return true;
            case MergeLotRequest or EmptyCommandRequest:
                return true; // ids only: checked by the id rule
            default:
                return false;
        }
    }

    private static void Signals(IReadOnlyList<MachineSignalValue>? signals, RequestLimits limits, DateTimeOffset now)
    {
        LimitCheck.Count(signals, "signals", limits.MaxSignalsPerRequest);
        for (var i = 0; i < (signals?.Count ?? 0); i++)
        {
            if (signals![i] is not { } signal)
                continue; // the endpoint answers "signals[i] is null"
            LimitCheck.Text(signal.Name, $"signals[{i}].name", limits.MaxSignalNameLength);
            LimitCheck.Text(signal.Text, $"signals[{i}].text", limits.MaxSignalTextLength);
            if (IsCounter(signal.Name) && signal.Number is { } reading && (reading < 0 || reading > MaxCounterReading || Math.Floor(reading) != reading))
            {
                throw LimitCheck.OutOfRange($"signals[{i}].number", $"0..{MaxCounterReading}",
                    $"signals[{i}] ({signal.Name}) is a PLC counter: its reading must be a whole number from 0 to {MaxCounterReading} (was {reading}).");
            }

            if (signal.SourceTimestamp is { } stamp && (stamp > now + limits.MaxSignalTimeAhead || stamp < now - limits.MaxSignalAge))
            {
                throw LimitCheck.OutOfRange($"signals[{i}].sourceTimestamp", $"{limits.MaxSignalAge} before to {limits.MaxSignalTimeAhead} after the silo's clock",
                    $"signals[{i}].sourceTimestamp {stamp:O} is outside the accepted window: at most {limits.MaxSignalTimeAhead} ahead of the silo's clock ({now:O}) and at most {limits.MaxSignalAge} old. Check the gateway's clock.");
            }
        }
    }

    private static bool IsCounter(string? name) =>
        string.Equals(name, MachineSignalNames.GoodCount, StringComparison.OrdinalIgnoreCase)
        || string.Equals(name, MachineSignalNames.ScrapCount, StringComparison.OrdinalIgnoreCase)
        || string.Equals(name, MachineSignalNames.CycleCount, StringComparison.OrdinalIgnoreCase);
}
