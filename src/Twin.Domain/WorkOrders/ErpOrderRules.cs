namespace Twin.Domain.WorkOrders;

/// <summary>
/// How a work order follows its ERP production order. The ERP owns quantity, routing, components and lifecycle; the
/// shop floor owns what was reported. So a change keeps every operation something was reported on (even one the ERP
/// dropped), keeps machine assignments, and moves the status only forward — except that a technically completed order
/// the ERP reopens takes reports again. An ERP close or deletion ends the order whatever its state here.
/// </summary>
public static class ErpOrderRules
{
    /// <summary>True when a twin that does not exist yet should be created from this version (released or later, not ended).</summary>
    public static bool Creates(ErpOrderVersion version) => version.Phase is ErpPhase.Released or ErpPhase.Completed;

    public static string Apply(WorkOrderTwin twin, ErpOrderVersion v, DateTimeOffset now)
    {
        // Every check before the first change: a refused version leaves the twin exactly as it was.
        DomainErrors.Require(v.Routing.Count > 0, DomainErrors.InvalidRouting, $"ERP order {v.ErpOrder} has no operations; the twin needs at least one.");
        DomainErrors.Require(v.Routing.Select(r => r.Sequence).Distinct().Count() == v.Routing.Count, DomainErrors.InvalidRouting,
            $"ERP order {v.ErpOrder} has duplicate operation numbers.");
        foreach (var step in v.Routing)
        {
            DomainErrors.Require(!string.IsNullOrWhiteSpace(step.WorkCentre) && step.Sequence >= 0 && step.StandardCycleTime >= TimeSpan.Zero,
                DomainErrors.InvalidRouting, $"ERP operation {step.Sequence} has no work centre or a negative number or time.");
        }

        var notes = new List<string>();
        if (!twin.Created)
        {
            DomainErrors.Require(Creates(v), DomainErrors.InvalidTransition, $"ERP order {v.ErpOrder} is {v.Phase}; only released orders become twins.");
            twin.Create(v.Plant, v.Item, v.PlannedQuantity, v.Unit, v.Routing, 0m, now);
            twin.MoveTo(OrderStatus.Released, now);
            notes.Add($"from ERP order {v.ErpOrder}: {v.PlannedQuantity} {v.Unit} of {v.Item}, {v.Routing.Count} operation(s), {v.Components.Count} component(s)");
        }
        else
        {
            DomainErrors.Require(twin.ErpOrder is null || twin.ErpOrder == v.ErpOrder, DomainErrors.InvalidCommand,
                $"Work order follows ERP order {twin.ErpOrder}, not {v.ErpOrder}; check Erp:Connector:Mapping:WorkOrders.");
            DomainErrors.Require(twin.Plant == v.Plant, DomainErrors.InvalidCommand, $"Work order is in plant {twin.Plant}; the ERP order is for plant {v.Plant}.");
            DomainErrors.Require(twin.Item == v.Item, DomainErrors.ItemMismatch, $"Work order makes {twin.Item}; the ERP order now makes {v.Item}. Cancel it and release a new order.");
            DomainErrors.RequirePositive(v.PlannedQuantity, "Planned quantity");
            var reported = twin.Operations.Any(o => o.Good + o.Scrap > 0) || twin.Receipts.Count > 0 || twin.Consumptions.Count > 0;
            DomainErrors.Require(twin.Unit == v.Unit || !reported, DomainErrors.InvalidCommand,
                $"The ERP changed the unit from {twin.Unit} to {v.Unit} after production was reported; quantities would no longer add up.");
            if (twin.PlannedQuantity != v.PlannedQuantity)
            {
                notes.Add($"planned {twin.PlannedQuantity} -> {v.PlannedQuantity} {v.Unit}");
                twin.PlannedQuantity = v.PlannedQuantity;
            }

            twin.Unit = v.Unit;
            MergeRouting(twin, v, notes);
            if (notes.Count == 0)
            {
                notes.Add($"ERP order {v.ErpOrder} changed");
            }
        }

        if (!twin.Components.SequenceEqual(v.Components))
        {
            twin.Components = [.. v.Components];
            if (twin.ErpOrder is not null)
            {
                notes.Add($"{v.Components.Count} component(s)");
            }
        }

        if (Follow(twin, v.Phase, now) is { } moved)
        {
            notes.Add(moved);
        }

        twin.ErpOrder = v.ErpOrder;
        twin.ErpChangedAt = v.ChangedAt;
        return string.Join("; ", notes);
    }

    private static void MergeRouting(WorkOrderTwin twin, ErpOrderVersion v, List<string> notes)
    {
        var wanted = v.Routing.ToDictionary(r => r.Sequence);
        var kept = new List<OperationState>();
        foreach (var operation in twin.Operations)
        {
            if (wanted.Remove(operation.Sequence, out var step))
            {
                if (operation.WorkCentre != step.WorkCentre || operation.StandardCycleTime != step.StandardCycleTime)
                {
                    notes.Add($"operation {operation.Sequence} at {step.WorkCentre}");
                }

                operation.WorkCentre = step.WorkCentre;
                operation.StandardCycleTime = step.StandardCycleTime;
                kept.Add(operation);
            }
            else if (operation.Good + operation.Scrap > 0)
            {
                notes.Add($"operation {operation.Sequence} kept: the ERP dropped it after {operation.Good} good and {operation.Scrap} scrap were reported");
                kept.Add(operation);
            }
            else
            {
                notes.Add($"operation {operation.Sequence} removed");
            }
        }

        foreach (var step in wanted.Values)
        {
            kept.Add(new OperationState { Sequence = step.Sequence, WorkCentre = step.WorkCentre, StandardCycleTime = step.StandardCycleTime });
            notes.Add($"operation {step.Sequence} added at {step.WorkCentre}");
        }

        twin.Operations = [.. kept.OrderBy(o => o.Sequence)];
    }

    private static string? Follow(WorkOrderTwin twin, ErpPhase phase, DateTimeOffset now)
    {
        var from = twin.Status;
        var to = (phase, from) switch
        {
            (_, OrderStatus.Closed or OrderStatus.Cancelled) => from, // ended here: the ERP cannot reopen it
            (ErpPhase.Released, OrderStatus.Created) => OrderStatus.Released,
            (ErpPhase.Released, OrderStatus.Completed) => twin.Operations.Any(o => o.Good + o.Scrap > 0) ? OrderStatus.InProgress : OrderStatus.Released,
            (ErpPhase.Completed, OrderStatus.Created or OrderStatus.Released or OrderStatus.InProgress) => OrderStatus.Completed,
            (ErpPhase.Closed, _) => OrderStatus.Closed,
            (ErpPhase.Cancelled, OrderStatus.Created or OrderStatus.Released) => OrderStatus.Cancelled,
            (ErpPhase.Cancelled, _) => OrderStatus.Closed, // production was reported: it cannot be undone, only ended
            _ => from,
        };
        if (to == from)
        {
            return null;
        }

        twin.Status = to;
        twin.StatusSince = now;
        return $"status {from} -> {to} (ERP: {phase})";
    }
}
