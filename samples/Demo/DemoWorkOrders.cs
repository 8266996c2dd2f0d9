using System.Globalization;
using Twin.Contracts;

namespace Twin.Demo;

/// <summary>Registers the machines and gives each one a released work order, so its counts become production reports.</summary>
internal static class DemoWorkOrders
{
    public static async Task StartAsync(IGrainFactory grains, string plant, IReadOnlyList<string> machines)
    {
        for (var i = 0; i < machines.Count; i++)
        {
            var machine = machines[i];
            var order = string.Create(CultureInfo.InvariantCulture, $"WO-{1001 + i}");
            await Ensure(grains.GetGrain<IMachineGrain>(machine).Register(
                new RegisterMachine(Context($"register-{machine}"), plant, machine, "line-1", TimeSpan.FromSeconds(2))), $"register {machine}");
            await Ensure(grains.GetGrain<IWorkOrderGrain>(order).Create(new CreateWorkOrder(Context($"create-{order}"), plant, "FG-100", 100_000m, "pcs",
                [new RoutingOperation(10, "line-1", machine, TimeSpan.FromSeconds(2))])), $"create {order}");
            await Ensure(grains.GetGrain<IWorkOrderGrain>(order).ChangeStatus(new ChangeWorkOrderStatus(Context($"release-{order}"), WorkOrderStatus.Released)), $"release {order}");
            await Ensure(grains.GetGrain<IMachineGrain>(machine).AssignOperation(new AssignOperation(Context($"assign-{machine}-{order}"), order, 10)), $"assign {machine}");
            Say.Line("planner", $"work order {order} (100000 pcs FG-100) released and assigned to {machine}, operation 10");
        }
    }

    /// <summary>
    /// With SAP or D365 as the ERP the orders come from there (<paramref name="erp"/> names it): the planner releases one
    /// per machine, numbered from <paramref name="firstOrder"/>, Twin's order polling makes the work-order twins, and the
    /// demo assigns each machine to operation 10 of its order once the twin exists.
    /// </summary>
    public static async Task StartFromErpAsync(
        IGrainFactory grains, string plant, IReadOnlyList<string> machines, string erp, int firstOrder, Func<string, string, Task> releaseInErp, CancellationToken cancellationToken)
    {
        for (var i = 0; i < machines.Count; i++)
        {
            var machine = machines[i];
            var order = OrderNumber(erp, firstOrder + i);
            await Ensure(grains.GetGrain<IMachineGrain>(machine).Register(
                new RegisterMachine(Context($"register-{machine}"), plant, machine, "line-1", TimeSpan.FromSeconds(2))), $"register {machine}");
            await releaseInErp(order, machine);
            Say.Line("planner", $"production order {order} (100000 pcs FG-100) released in {erp} for {machine}");
        }

        for (var i = 0; i < machines.Count; i++)
        {
            var machine = machines[i];
            var order = OrderNumber(erp, firstOrder + i);
            var deadline = DateTime.UtcNow + TimeSpan.FromMinutes(1);
            WorkOrderSnapshot? twin;
            while ((twin = await grains.GetGrain<IWorkOrderGrain>(order).GetSnapshot()) is null)
            {
                if (DateTime.UtcNow > deadline)
                {
                    throw new InvalidOperationException($"Demo: {erp} order {order} did not arrive as a work-order twin within a minute; see the ERP order figures of plant {plant}.");
                }

                await Task.Delay(250, cancellationToken);
            }

            await Ensure(grains.GetGrain<IMachineGrain>(machine).AssignOperation(new AssignOperation(Context($"assign-{machine}-{order}"), order, 10)), $"assign {machine}");
            Say.Line("planner", $"work order {order} came in from {erp} ({twin.Operations.Count} operation(s), {twin.Components?.Count ?? 0} component(s)); {machine} runs operation 10");
        }
    }

    // SAP numbers production orders 1000200, D365 P000200.
    private static string OrderNumber(string erp, int number) =>
        erp == "D365" ? "P" + number.ToString("D6", CultureInfo.InvariantCulture) : number.ToString(CultureInfo.InvariantCulture);

    private static CommandContext Context(string requestId) => new($"demo-{requestId}", $"demo-{requestId}", "demo");

    private static async Task Ensure(Task<CommandResult> command, string what)
    {
        var result = await command;
        if (!result.Succeeded)
        {
            throw new InvalidOperationException($"Demo could not {what}: {result.Error?.Code} {result.Error?.Message}");
        }
    }
}
