using Twin.Domain.WorkOrders;

namespace Twin.Domain.Tests.WorkOrders;

public sealed class ErpOrderRulesTests
{
    private static readonly DateTimeOffset T0 = new(2026, 12, 3, 6, 0, 0, TimeSpan.Zero);

    private static ErpOrderVersion Version(ErpPhase phase = ErpPhase.Released, decimal quantity = 100, int minutes = 0, params RoutingStep[] routing) =>
        new("P1", "1000123", "FG-100", quantity, "pcs", phase, T0.AddMinutes(minutes),
            routing.Length > 0 ? routing : [new RoutingStep(10, "LINE-1", null, TimeSpan.FromSeconds(2)), new RoutingStep(20, "PACK", null, TimeSpan.Zero)],
            [new ComponentLine("RM-200", 200, "pcs", "LINE-1", 10)]);

    private static WorkOrderTwin Imported()
    {
        var twin = new WorkOrderTwin();
        ErpOrderRules.Apply(twin, Version(), T0);
        return twin;
    }

    [Fact]
    public void A_released_ERP_order_creates_a_released_twin_with_routing_and_components()
    {
        var twin = Imported();

        Assert.Equal((OrderStatus.Released, 100m, "1000123", T0), (twin.Status, twin.PlannedQuantity, twin.ErpOrder, twin.ErpChangedAt));
        Assert.Equal([10, 20], twin.Operations.Select(o => o.Sequence));
        Assert.Equal(new ComponentLine("RM-200", 200, "pcs", "LINE-1", 10), Assert.Single(twin.Components));
    }

    [Fact]
    public void A_change_keeps_reported_operations_and_machine_assignments_even_when_the_ERP_drops_them()
    {
        var twin = Imported();
        twin.Operations[1].MachineId = "M2";
        twin.Report(20, 5, 1, T0);

        var note = ErpOrderRules.Apply(twin, Version(quantity: 150, minutes: 1, routing: [new RoutingStep(10, "LINE-2", null, TimeSpan.FromSeconds(3)), new RoutingStep(30, "QA", null, TimeSpan.Zero)]), T0);

        Assert.Equal(150m, twin.PlannedQuantity);
        Assert.Equal([(10, "LINE-2", (string?)null), (20, "PACK", "M2"), (30, "QA", null)], twin.Operations.Select(o => (o.Sequence, o.WorkCentre, o.MachineId)));
        Assert.Contains("operation 20 kept", note, StringComparison.Ordinal);
        Assert.Equal(OrderStatus.InProgress, twin.Status);
    }

    [Theory]
    [InlineData(ErpPhase.Completed, OrderStatus.Completed)]
    [InlineData(ErpPhase.Closed, OrderStatus.Closed)]
    [InlineData(ErpPhase.Cancelled, OrderStatus.Cancelled)]
    public void The_ERP_lifecycle_moves_the_twin(ErpPhase phase, OrderStatus expected)
    {
        var twin = Imported();

        ErpOrderRules.Apply(twin, Version(phase, minutes: 1), T0);

        Assert.Equal(expected, twin.Status);
    }

    [Fact]
    public void A_deletion_after_production_was_reported_ends_the_order_as_closed_and_a_reopened_TECO_takes_reports_again()
    {
        var twin = Imported();
        twin.Report(10, 1, 0, T0);
        ErpOrderRules.Apply(twin, Version(ErpPhase.Completed, minutes: 1), T0);
        ErpOrderRules.Apply(twin, Version(ErpPhase.Released, minutes: 2), T0);
        Assert.Equal(OrderStatus.InProgress, twin.Status);

        ErpOrderRules.Apply(twin, Version(ErpPhase.Cancelled, minutes: 3), T0);

        Assert.Equal(OrderStatus.Closed, twin.Status);
        Assert.Equal(DomainErrors.OrderClosed, Assert.Throws<DomainRuleException>(() => twin.Report(10, 1, 0, T0)).Code);
    }

    [Fact]
    public void A_refused_version_leaves_the_twin_unchanged()
    {
        var twin = Imported();

        var error = Assert.Throws<DomainRuleException>(() => ErpOrderRules.Apply(twin, Version(quantity: 300, minutes: 1,
            routing: [new RoutingStep(10, "LINE-1", null, TimeSpan.Zero), new RoutingStep(10, "LINE-2", null, TimeSpan.Zero)]), T0));

        Assert.Equal(DomainErrors.InvalidRouting, error.Code);
        Assert.Equal((100m, T0), (twin.PlannedQuantity, twin.ErpChangedAt));
    }

    [Fact]
    public void An_order_not_yet_released_makes_no_twin()
    {
        Assert.False(ErpOrderRules.Creates(Version(ErpPhase.NotReleased)));
        Assert.False(ErpOrderRules.Creates(Version(ErpPhase.Closed)));
        Assert.Throws<DomainRuleException>(() => ErpOrderRules.Apply(new WorkOrderTwin(), Version(ErpPhase.NotReleased), T0));
    }
}
