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
