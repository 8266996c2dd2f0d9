namespace Twin.Domain.WorkOrders;

/// <summary>
/// The rules of a work order twin: lifecycle, good/scrap per operation, material consumption and output
/// receipts, with an over-delivery tolerance on both the reported good quantity and the received quantity.
/// </summary>
public sealed class WorkOrderTwin : TwinRecord
{
    public bool Created { get; set; }
    public string Plant { get; set; } = "";
    public string Item { get; set; } = "";
    public decimal PlannedQuantity { get; set; }
    public string Unit { get; set; } = "";
    public decimal OverDeliveryTolerancePercent { get; set; }
    public OrderStatus Status { get; set; }
    public DateTimeOffset StatusSince { get; set; }
    public List<OperationState> Operations { get; set; } = [];
    public List<Consumption> Consumptions { get; set; } = [];
    public List<Receipt> Receipts { get; set; } = [];

    /// <summary>Components the ERP's bill of material lists (empty for orders created in Twin).</summary>
    public List<ComponentLine> Components { get; set; } = [];

    /// <summary>The ERP order this twin follows, when it came from the ERP.</summary>
    public string? ErpOrder { get; set; }

    /// <summary>The ERP's change time of the version the twin holds: an older or equal version changes nothing.</summary>
    public DateTimeOffset? ErpChangedAt { get; set; }

    public decimal ReceivedQuantity => Receipts.Sum(r => r.Quantity);

    /// <summary>Most that may be reported good on one operation or received in total.</summary>
    public decimal DeliveryLimit => PlannedQuantity * (1 + OverDeliveryTolerancePercent / 100m);

    public string Create(string plant, string item, decimal planned, string unit, IReadOnlyList<RoutingStep> routing,
        decimal tolerancePercent, DateTimeOffset now)
    {
        DomainErrors.Require(!Created, DomainErrors.AlreadyExists, "Work order already exists; use a new work order id.");
        DomainErrors.RequirePositive(planned, "Planned quantity");
        DomainErrors.Require(!string.IsNullOrWhiteSpace(unit), DomainErrors.InvalidCommand, "Unit of measure is missing.");
        DomainErrors.Require(tolerancePercent is >= 0 and <= 1000, DomainErrors.InvalidCommand,
            $"Over-delivery tolerance must be between 0 and 1000 percent (was {tolerancePercent}).");
        DomainErrors.Require(routing.Count > 0, DomainErrors.InvalidRouting, "Routing has no operations; give at least one.");
        DomainErrors.Require(routing.Select(r => r.Sequence).Distinct().Count() == routing.Count, DomainErrors.InvalidRouting,
            "Routing has duplicate operation sequence numbers.");
        foreach (var step in routing)
        {
            DomainErrors.Require(step.Sequence >= 0, DomainErrors.InvalidRouting, $"Operation sequence {step.Sequence} is negative.");
            DomainErrors.Require(!string.IsNullOrWhiteSpace(step.WorkCentre), DomainErrors.InvalidRouting,
                $"Operation {step.Sequence} has no work centre.");
            DomainErrors.Require(step.StandardCycleTime >= TimeSpan.Zero, DomainErrors.InvalidRouting,
                $"Operation {step.Sequence} has a negative standard cycle time.");
        }
        Created = true;
        Plant = plant;
        Item = item;
        PlannedQuantity = planned;
        Unit = unit;
        OverDeliveryTolerancePercent = tolerancePercent;
        Status = OrderStatus.Created;
        StatusSince = now;
        Operations = routing.OrderBy(r => r.Sequence)
            .Select(r => new OperationState { Sequence = r.Sequence, WorkCentre = r.WorkCentre, MachineId = r.MachineId, StandardCycleTime = r.StandardCycleTime })
            .ToList();
        return $"created for {planned} {unit} of {item} with {routing.Count} operation(s)";
    }

    public void EnsureCreated() =>
        DomainErrors.Require(Created, DomainErrors.WorkOrderNotFound, "Work order does not exist; create it first.");

    public string MoveTo(OrderStatus target, DateTimeOffset now)
    {
        EnsureCreated();
        DomainErrors.Require(WorkOrderLifecycle.CanMove(Status, target), DomainErrors.InvalidTransition,
            $"A work order cannot go from {Status} to {target}.");
        var from = Status;
        Status = target;
        StatusSince = now;
        return $"status {from} -> {target}";
    }

    public OperationState Operation(int sequence) =>
        Operations.FirstOrDefault(o => o.Sequence == sequence)
        ?? throw new DomainRuleException(DomainErrors.UnknownOperation,
            $"Operation {sequence} is not on this work order's routing ({string.Join(", ", Operations.Select(o => o.Sequence))}).");

    /// <summary>Checks a production report without applying it.</summary>
    public void CheckReport(int sequence, decimal good, decimal scrap)
    {
        EnsureCreated();
        DomainErrors.Require(good >= 0 && scrap >= 0, DomainErrors.InvalidQuantity, "Good and scrap quantities must not be negative.");
        DomainErrors.Require(good + scrap > 0, DomainErrors.InvalidQuantity, "A production report needs a good or scrap quantity above zero.");
        WorkOrderLifecycle.EnsureOpenForReporting(Status);
        var operation = Operation(sequence);
        DomainErrors.Require(operation.Good + good <= DeliveryLimit, DomainErrors.OverDelivery,
            $"Operation {sequence} would report {operation.Good + good} {Unit} good, above the limit of {DeliveryLimit} "
            + $"(planned {PlannedQuantity} + {OverDeliveryTolerancePercent}% tolerance).");
    }

    public string Report(int sequence, decimal good, decimal scrap, DateTimeOffset now)
    {
        CheckReport(sequence, good, scrap);
        var operation = Operation(sequence);
        operation.Good += good;
        operation.Scrap += scrap;
        var started = StartIfReleased(now);
        return $"operation {sequence}: +{good} good, +{scrap} scrap{started}";
    }

    public void CheckConsumption(string item, decimal quantity)
    {
        EnsureCreated();
        DomainErrors.RequirePositive(quantity, "Consumed quantity");
        DomainErrors.Require(!string.Equals(item, Item, StringComparison.Ordinal), DomainErrors.ItemMismatch,
            $"Item {item} is what this work order produces; it cannot be consumed by it.");
        WorkOrderLifecycle.EnsureOpenForReporting(Status);
    }

    public string Consume(Consumption consumption, DateTimeOffset now)
    {
        CheckConsumption(consumption.Item, consumption.Quantity);
        if (consumption.OperationSequence is { } sequence)
        {
            Operation(sequence);
        }
        Consumptions.Add(consumption);
        var started = StartIfReleased(now);
        return $"consumed {consumption.Quantity} of {consumption.Item} lot {consumption.LotId} from {consumption.SourceLocationId}{started}";
    }

    public void CheckReceipt(decimal quantity)
    {
        EnsureCreated();
        DomainErrors.RequirePositive(quantity, "Received quantity");
        WorkOrderLifecycle.EnsureOpenForReporting(Status);
        DomainErrors.Require(ReceivedQuantity + quantity <= DeliveryLimit, DomainErrors.OverDelivery,
            $"Receiving {quantity} would bring the order to {ReceivedQuantity + quantity} {Unit}, above the limit of {DeliveryLimit}.");
    }

    public string Receive(Receipt receipt, DateTimeOffset now)
    {
        CheckReceipt(receipt.Quantity);
        Receipts.Add(receipt);
        var started = StartIfReleased(now);
        return $"received {receipt.Quantity} {Unit} into lot {receipt.LotId} at {receipt.LocationId}{started}";
    }

    /// <summary>Distinct lots consumed so far: the parents of an output lot.</summary>
    public IReadOnlyList<Consumption> ConsumedLots() =>
        Consumptions.GroupBy(c => c.LotId).Select(g => g.First() with { Quantity = g.Sum(c => c.Quantity) }).ToArray();

    private string StartIfReleased(DateTimeOffset now)
    {
        if (Status != OrderStatus.Released)
        {
            return "";
        }
        Status = OrderStatus.InProgress;
        StatusSince = now;
        return "; status Released -> InProgress";
    }
}
