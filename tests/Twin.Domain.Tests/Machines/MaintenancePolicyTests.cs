using Twin.Domain.Machines;

namespace Twin.Domain.Tests.Machines;

/// <summary>When a stopped machine needs a maintenance request and when the request is closed (the CMMS workflow).</summary>
public sealed class MaintenancePolicyTests
{
    private static readonly DateTimeOffset T0 = new(2026, 12, 4, 6, 0, 0, TimeSpan.Zero);
    private static readonly MaintenancePolicy Policy = new(TimeSpan.FromMinutes(30), new Dictionary<string, TimeSpan> { ["press"] = TimeSpan.FromMinutes(10) });

    private static MachineTwin Machine(string? machineClass = "press")
    {
        var machine = new MachineTwin();
        machine.Register("P1", "Press 3", "WC-PRESS", null, null, T0, machineClass);
        machine.ChangeStatus(MachineState.Running, T0, "signal");
        return machine;
    }

    [Fact]
    public void Each_class_has_its_own_time_and_other_classes_the_default_whatever_the_case()
    {
        Assert.Equal(TimeSpan.FromMinutes(10), Policy.DownAfterFor("press"));
        Assert.Equal(TimeSpan.FromMinutes(10), Policy.DownAfterFor("PRESS"));
        Assert.Equal(TimeSpan.FromMinutes(30), Policy.DownAfterFor("cnc-mill"));
        Assert.Equal(TimeSpan.FromMinutes(30), Policy.DownAfterFor(null));
        Assert.Throws<DomainRuleException>(() => new MaintenancePolicy(TimeSpan.Zero));
    }

    [Fact]
    public void A_running_or_idle_machine_needs_nothing()
    {
        var machine = Machine();
        Assert.Equal(MaintenanceStepKind.None, Policy.Review(machine, T0.AddHours(5)).Kind);
        machine.ChangeStatus(MachineState.Idle, T0.AddMinutes(1), "no order");
        Assert.Equal(MaintenanceStepKind.None, Policy.Review(machine, T0.AddHours(5)).Kind);
        Assert.False(machine.MaintenanceRequested);
    }

    [Fact]
    public void A_fault_then_down_is_one_stop_and_is_requested_once_its_class_time_has_passed()
    {
        var machine = Machine();
        machine.ChangeStatus(MachineState.Fault, T0.AddMinutes(1), "hydraulic pressure low");
        var wait = Policy.Review(machine, T0.AddMinutes(2));
        Assert.Equal((MaintenanceStepKind.WaitUntil, T0.AddMinutes(11)), (wait.Kind, wait.At));

        machine.ChangeStatus(MachineState.Down, T0.AddMinutes(5), "waiting for fitter");
        Assert.Equal(T0.AddMinutes(11), Policy.Review(machine, T0.AddMinutes(5)).At); // still counted from the fault

        var request = Policy.Review(machine, T0.AddMinutes(11));
        Assert.Equal(MaintenanceStepKind.Request, request.Kind);
        Assert.Equal(T0.AddMinutes(1), request.StoppedSince);
        Assert.Equal(TimeSpan.FromMinutes(10), request.Downtime);
        Assert.Equal(TimeSpan.FromMinutes(10), request.DownAfter);
        Assert.Equal("waiting for fitter", request.Reason);
        Assert.True(machine.MaintenanceRequested);
        Assert.Equal(MaintenanceStepKind.None, Policy.Review(machine, T0.AddMinutes(12)).Kind); // one request per stop
    }

    [Fact]
    public void The_request_closes_when_the_machine_runs_again_not_before()
    {
        var machine = Machine(machineClass: null);
        machine.ChangeStatus(MachineState.Down, T0.AddMinutes(1), "tool broken");
        Assert.Equal(MaintenanceStepKind.Request, Policy.Review(machine, T0.AddMinutes(31)).Kind);
        machine.ChangeStatus(MachineState.Setup, T0.AddMinutes(40), "new tool");
        Assert.Equal(MaintenanceStepKind.None, Policy.Review(machine, T0.AddMinutes(40)).Kind);
        Assert.True(machine.MaintenanceRequested);

        machine.ChangeStatus(MachineState.Running, T0.AddMinutes(45), "signal");
        var close = Policy.Review(machine, T0.AddMinutes(45));
        Assert.Equal(MaintenanceStepKind.Close, close.Kind);
        Assert.Equal((T0.AddMinutes(1), T0.AddMinutes(45), TimeSpan.FromMinutes(44)), (close.StoppedSince, close.At, close.Downtime));
        Assert.False(machine.MaintenanceRequested);
        Assert.Equal(MaintenanceStepKind.None, Policy.Review(machine, T0.AddMinutes(46)).Kind);
    }

    [Fact]
    public void A_stop_shorter_than_its_time_ends_without_a_request()
    {
        var machine = Machine();
        machine.ChangeStatus(MachineState.Fault, T0.AddMinutes(1), "door open");
        Assert.Equal(MaintenanceStepKind.WaitUntil, Policy.Review(machine, T0.AddMinutes(2)).Kind);
        machine.ChangeStatus(MachineState.Running, T0.AddMinutes(3), "signal");
        Assert.Equal(MaintenanceStepKind.None, Policy.Review(machine, T0.AddMinutes(20)).Kind);
        Assert.False(machine.MaintenanceRequested);
    }

    [Fact]
    public void A_new_stop_after_running_counts_from_its_own_start()
    {
        var machine = Machine();
        machine.ChangeStatus(MachineState.Down, T0.AddMinutes(1), "jam");
        machine.ChangeStatus(MachineState.Running, T0.AddMinutes(2), "signal");
        machine.ChangeStatus(MachineState.Fault, T0.AddMinutes(3), "overload");
        Assert.Equal(T0.AddMinutes(13), Policy.Review(machine, T0.AddMinutes(4)).At);
    }
}
