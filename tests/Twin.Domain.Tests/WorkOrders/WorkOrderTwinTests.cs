using Twin.Domain.WorkOrders;

namespace Twin.Domain.Tests.WorkOrders;

public sealed class WorkOrderTwinTests
{
    private static readonly DateTimeOffset T0 = new(2026, 11, 27, 6, 0, 0, TimeSpan.Zero);

    private static WorkOrderTwin Order(decimal tolerance = 0, OrderStatus status = OrderStatus.Created)
    {
        var order = new WorkOrderTwin();
        order.Create("P1", "BRACKET", 100, "pcs",
            [new RoutingStep(10, "WC-PRESS", "M1", TimeSpan.FromSeconds(30)), new RoutingStep(20, "WC-PAINT", null, TimeSpan.FromSeconds(10))],
            tolerance, T0);
        if (status != OrderStatus.Created)
        {
            order.MoveTo(OrderStatus.Released, T0);
        }
        if (status == OrderStatus.InProgress)
        {
            order.MoveTo(OrderStatus.InProgress, T0);
        }
        return order;
    }

    private static string Code(Action action) => Assert.Throws<DomainRuleException>(action).Code;

    [Fact]
    public void Lifecycle_runs_created_released_in_progress_completed_closed()
    {
        var order = Order();
        order.MoveTo(OrderStatus.Released, T0);
        order.Report(10, 5, 0, T0.AddMinutes(1));
        Assert.Equal(OrderStatus.InProgress, order.Status);
        order.MoveTo(OrderStatus.Completed, T0.AddMinutes(2));
        order.MoveTo(OrderStatus.Closed, T0.AddMinutes(3));
        Assert.Equal(OrderStatus.Closed, order.Status);
        Assert.Equal(T0.AddMinutes(3), order.StatusSince);
    }

    [Theory]
    [InlineData(OrderStatus.Created, OrderStatus.Completed)]
    [InlineData(OrderStatus.Created, OrderStatus.InProgress)]
    [InlineData(OrderStatus.Created, OrderStatus.Closed)]
    public void Skipping_lifecycle_steps_is_an_invalid_transition(OrderStatus from, OrderStatus to)
    {
        var order = Order(status: from);
        Assert.Equal(DomainErrors.InvalidTransition, Code(() => order.MoveTo(to, T0)));
    }

    [Fact]
    public void Cancel_is_allowed_before_production_but_not_after_completion_or_cancel()
    {
        var created = Order();
        created.MoveTo(OrderStatus.Cancelled, T0);
        Assert.Equal(OrderStatus.Cancelled, created.Status);
        Assert.Equal(DomainErrors.InvalidTransition, Code(() => created.MoveTo(OrderStatus.Released, T0)));

        var released = Order(status: OrderStatus.Released);
        released.MoveTo(OrderStatus.Cancelled, T0);

        var completed = Order(status: OrderStatus.InProgress);
        completed.MoveTo(OrderStatus.Completed, T0);
        Assert.Equal(DomainErrors.InvalidTransition, Code(() => completed.MoveTo(OrderStatus.Cancelled, T0)));
    }

    [Fact]
    public void Reports_on_unreleased_completed_closed_or_cancelled_orders_are_rejected_with_their_own_code()
    {
        Assert.Equal(DomainErrors.OrderNotReleased, Code(() => Order().Report(10, 1, 0, T0)));

        var completed = Order(status: OrderStatus.InProgress);
        completed.MoveTo(OrderStatus.Completed, T0);
        Assert.Equal(DomainErrors.OrderCompleted, Code(() => completed.Report(10, 1, 0, T0)));
        Assert.Equal(DomainErrors.OrderCompleted, Code(() => completed.CheckConsumption("STEEL", 1)));
        Assert.Equal(DomainErrors.OrderCompleted, Code(() => completed.CheckReceipt(1)));

        completed.MoveTo(OrderStatus.Closed, T0);
        Assert.Equal(DomainErrors.OrderClosed, Code(() => completed.Report(10, 1, 0, T0)));

        var cancelled = Order();
        cancelled.MoveTo(OrderStatus.Cancelled, T0);
        Assert.Equal(DomainErrors.OrderCancelled, Code(() => cancelled.Report(10, 1, 0, T0)));
    }

    [Fact]
    public void Good_and_scrap_are_kept_per_operation()
    {
        var order = Order(status: OrderStatus.Released);
        order.Report(10, 40, 2, T0);
        order.Report(10, 10, 1, T0);
        order.Report(20, 30, 0, T0);

        Assert.Equal(50, order.Operation(10).Good);
        Assert.Equal(3, order.Operation(10).Scrap);
        Assert.Equal(30, order.Operation(20).Good);
    }

    [Fact]
    public void Reports_need_a_known_operation_and_non_negative_quantities()
    {
        var order = Order(status: OrderStatus.Released);
        Assert.Equal(DomainErrors.UnknownOperation, Code(() => order.Report(30, 1, 0, T0)));
        Assert.Equal(DomainErrors.InvalidQuantity, Code(() => order.Report(10, -1, 0, T0)));
        Assert.Equal(DomainErrors.InvalidQuantity, Code(() => order.Report(10, 0, 0, T0)));
    }

    [Fact]
    public void Over_delivery_beyond_the_tolerance_is_rejected()
    {
        var strict = Order(status: OrderStatus.Released);
        strict.Report(10, 100, 0, T0);
        Assert.Equal(DomainErrors.OverDelivery, Code(() => strict.Report(10, 1, 0, T0)));
        strict.Report(10, 0, 5, T0); // scrap does not count toward delivery

        var tolerant = Order(tolerance: 10, status: OrderStatus.Released);
        tolerant.Report(10, 110, 0, T0);
        Assert.Equal(DomainErrors.OverDelivery, Code(() => tolerant.Report(10, 1, 0, T0)));
        tolerant.Receive(new Receipt("OUT-1", 110, "FG", T0), T0);
        Assert.Equal(DomainErrors.OverDelivery, Code(() => tolerant.CheckReceipt(0.5m)));
    }

    [Fact]
    public void Creation_validates_quantity_unit_and_routing()
    {
        Assert.Equal(DomainErrors.InvalidQuantity, Code(() => new WorkOrderTwin().Create("P1", "X", 0, "pcs", [new RoutingStep(10, "WC", null, TimeSpan.Zero)], 0, T0)));
        Assert.Equal(DomainErrors.InvalidRouting, Code(() => new WorkOrderTwin().Create("P1", "X", 1, "pcs", [], 0, T0)));
        Assert.Equal(DomainErrors.InvalidRouting, Code(() => new WorkOrderTwin().Create("P1", "X", 1, "pcs",
            [new RoutingStep(10, "WC", null, TimeSpan.Zero), new RoutingStep(10, "WC2", null, TimeSpan.Zero)], 0, T0)));
        Assert.Equal(DomainErrors.InvalidCommand, Code(() => new WorkOrderTwin().Create("P1", "X", 1, " ", [new RoutingStep(10, "WC", null, TimeSpan.Zero)], 0, T0)));
        Assert.Equal(DomainErrors.AlreadyExists, Code(() => Order().Create("P1", "X", 1, "pcs", [new RoutingStep(10, "WC", null, TimeSpan.Zero)], 0, T0)));
    }

    [Fact]
    public void Consumption_and_receipt_are_recorded_and_start_a_released_order()
    {
        var order = Order(status: OrderStatus.Released);
        order.Consume(new Consumption("STEEL", "S-1", 12.5m, "RAW", 10, T0), T0);
        order.Consume(new Consumption("STEEL", "S-1", 2.5m, "RAW", 10, T0), T0);
        order.Consume(new Consumption("BOLT", "B-7", 200, "RAW", null, T0), T0);
        order.Receive(new Receipt("FG-1", 60, "FG", T0), T0);

        Assert.Equal(OrderStatus.InProgress, order.Status);
        Assert.Equal(60, order.ReceivedQuantity);
        var lots = order.ConsumedLots();
        Assert.Equal(2, lots.Count);
        Assert.Equal(15m, lots.Single(l => l.LotId == "S-1").Quantity);
        Assert.Equal(DomainErrors.ItemMismatch, Code(() => order.CheckConsumption("BRACKET", 1)));
        Assert.Equal(DomainErrors.InvalidQuantity, Code(() => order.CheckConsumption("STEEL", 0)));
    }
}
