using Microsoft.Extensions.DependencyInjection;
using Orleans.Runtime;
using Orleans.TestingHost;
using Twin.Contracts;
using Twin.Grains.Tests.Infrastructure;

namespace Twin.Grains.Tests;

/// <summary>
/// The maintenance request is scheduled with a reminder, not held by the activation: a machine that stops and then
/// goes idle (deactivates) is still followed up, and a machine that runs again keeps no reminder.
/// </summary>
[Collection(TwinClusterCollection.Name)]
public sealed class MachineMaintenanceTests(TwinTestCluster cluster)
{
    [Fact]
    public async Task A_stopped_machine_that_deactivated_is_woken_by_its_reminder_and_requests_maintenance()
    {
        var (id, machine) = await Registered("quick-press");
        Assert.True((await machine.ChangeStatus(new ChangeMachineStatus(TestIds.Context(), MachineStatus.Down, "jam"))).Succeeded);
        Assert.Single(await Reminders(id));
        await machine.AsReference<Orleans.Core.Internal.IGrainManagementExtension>().DeactivateOnIdle();

        await Task.Delay(TimeSpan.FromSeconds(2)); // the class allows one second; nobody calls the machine meanwhile
        var snapshot = await machine.GetSnapshot();
        Assert.True(snapshot!.MaintenanceRequested, "the reminder did not bring the machine back to request maintenance");
        Assert.Contains(await machine.GetHistory(), h => h.Change.StartsWith("maintenance requested after", StringComparison.Ordinal));
        await Eventually.True(async () => (await Reminders(id)).Count == 0, "the reminder to be removed once the request was made");
    }

    [Fact]
    public async Task A_machine_that_runs_again_before_its_time_keeps_no_reminder_and_a_running_one_never_had_one()
    {
        var (id, machine) = await Registered("quick-press");
        Assert.Empty(await Reminders(id));
        await machine.ChangeStatus(new ChangeMachineStatus(TestIds.Context(), MachineStatus.Idle, null));
        Assert.Empty(await Reminders(id));
        await machine.ChangeStatus(new ChangeMachineStatus(TestIds.Context(), MachineStatus.Fault, "door open"));
        Assert.Single(await Reminders(id));
        await machine.ChangeStatus(new ChangeMachineStatus(TestIds.Context(), MachineStatus.Running, null));
        Assert.Empty(await Reminders(id));

        await Task.Delay(TimeSpan.FromSeconds(1.5));
        Assert.False((await machine.GetSnapshot())!.MaintenanceRequested);
    }

    private async Task<(string Id, IMachineGrain Machine)> Registered(string machineClass)
    {
        var id = TestIds.New("PRESS");
        var machine = cluster.Grains.GetGrain<IMachineGrain>(id);
        Assert.True((await machine.Register(new RegisterMachine(TestIds.Context(), TestIds.New("PLANT"), "Press 7", "WC-PRESS", MachineClass: machineClass))).Succeeded);
        Assert.True((await machine.ChangeStatus(new ChangeMachineStatus(TestIds.Context(), MachineStatus.Running, null))).Succeeded);
        return (id, machine);
    }

    private async Task<IReadOnlyList<ReminderEntry>> Reminders(string machineId)
    {
        var silo = (InProcessSiloHandle)cluster.Cluster.Primary!;
        var table = silo.SiloHost!.Services.GetRequiredService<IReminderTable>();
        var rows = await table.ReadRows(cluster.Grains.GetGrain<IMachineGrain>(machineId).GetGrainId());
        return [.. rows.Reminders];
    }
}
