using Microsoft.Extensions.Hosting;
using Twin.Api.Tests.Infrastructure;
using Twin.Client;
using Twin.Contracts;

namespace Twin.Api.Tests;

/// <summary>
/// The command limits (Twin:Api:Limits) hold for a client SDK app too, which calls the twins through the silo's gateway
/// and never passes the REST API: an oversized text, an oversized list and an out-of-range number each come back as the
/// twin's refusal naming the field and the limit — the same codes as the REST 400 problems — and nothing is stored.
/// </summary>
[Collection(ApiCollection.Name)]
public sealed class ClientSdkLimitTests(ApiSiloFixture silo) : IAsyncLifetime
{
    private IHost _host = null!;
    private ITwinClient _twins = null!;

    public async Task InitializeAsync() => (_host, _twins) = await SdkClientHost.StartAsync(silo, "sdk-limits");

    public Task DisposeAsync() => SdkClientHost.StopAsync(_host);

    [Fact]
    public async Task Ten_megabyte_location_name_is_refused_value_too_long_and_no_location_is_created()
    {
        var plant = PlantApp.NewId("sdk-plant");
        var bin = PlantApp.NewId("bin");

        var result = await _twins.Locations.CreateAsync(plant, bin, new string('x', 10_000_000));

        AssertRefused(result, TwinErrorCodes.ValueTooLong, "name", "200");
        Assert.Null(await _twins.Locations.GetAsync(bin));
        Assert.Empty(await _twins.Locations.ListAsync(plant));
        var thrown = await Assert.ThrowsAsync<TwinCommandRejectedException>(() => _twins.Locations.CreateAsync(plant, bin, new string('x', 201)).EnsureSucceeded());
        Assert.Equal(TwinErrorKind.InvalidInput, thrown.Kind);
    }

    [Fact]
    public async Task Hundred_thousand_routing_steps_are_refused_too_many_values_and_no_work_order_is_created()
    {
        var plant = PlantApp.NewId("sdk-plant");
        var order = PlantApp.NewId("wo");
        var routing = Enumerable.Range(1, 100_000).Select(i => new RoutingOperation(i % 99_999, "press", null, TimeSpan.FromSeconds(10))).ToArray();

        var result = await _twins.WorkOrders.CreateAsync(plant, order, "bracket", 5m, "pcs", routing);

        AssertRefused(result, TwinErrorCodes.TooManyValues, "routing", "200");
        Assert.Null(await _twins.WorkOrders.GetAsync(order));

        // A routing within the count but with one step's work centre too long names that step.
        var step = await _twins.WorkOrders.CreateAsync(plant, order, "bracket", 5m, "pcs",
            [new RoutingOperation(10, "press", null, TimeSpan.FromSeconds(10)), new RoutingOperation(20, new string('w', 201), null, TimeSpan.FromSeconds(10))]);
        AssertRefused(step, TwinErrorCodes.ValueTooLong, "routing[1].workCentre", "200");
        Assert.Null(await _twins.WorkOrders.GetAsync(order));
    }

    [Fact]
    public async Task Out_of_range_quantity_and_counter_reading_are_refused_value_out_of_range_and_not_applied()
    {
        var plant = PlantApp.NewId("sdk-plant");
        var bin = PlantApp.NewId("bin");
        var lot = PlantApp.NewId("lot");
        await _twins.Locations.CreateAsync(plant, bin, "Stores").EnsureSucceeded();

        var receipt = await _twins.Locations.ReceiveAsync(bin, "steel-sheet", lot, 1_000_000_000_000_000m, "kg");

        AssertRefused(receipt, TwinErrorCodes.ValueOutOfRange, "quantity", "at most 1000000000000");
        Assert.Empty((await _twins.Locations.GetAsync(bin))!.Balances);
        Assert.Null(await _twins.Lots.GetAsync(lot));

        var machine = PlantApp.NewId("press");
        await _twins.Machines.RegisterAsync(plant, machine, "Press 1").EnsureSucceeded();
        var now = DateTimeOffset.UtcNow;
        var batch = await _twins.Machines.SendSignalsAsync(plant, machine,
            [new MachineSignal("temperature", 21.5, null, SignalQuality.Good, now), new MachineSignal(MachineSignalNames.GoodCount, -1, null, SignalQuality.Good, now)]);

        Assert.NotNull(batch.Error);
        Assert.Equal(TwinErrorCodes.ValueOutOfRange, batch.Error!.Code);
        Assert.Equal("signals[1].number", batch.Error.Field);
        Assert.Equal(0, batch.Applied);
        var twin = (await _twins.Machines.GetAsync(machine))!;
        Assert.Empty(twin.Signals); // not even the valid value of the refused batch
        Assert.Equal(0, twin.Counters.Good);

        var cycle = await _twins.Machines.RegisterAsync(plant, PlantApp.NewId("press"), "Press 2", idealCycleTime: TimeSpan.FromDays(8));
        AssertRefused(cycle, TwinErrorCodes.ValueOutOfRange, "idealCycleTime", "00:00:00..7.00:00:00");
    }

    [Fact]
    public async Task A_batch_within_the_limits_is_applied_as_before()
    {
        var plant = PlantApp.NewId("sdk-plant");
        var machine = PlantApp.NewId("press");
        await _twins.Machines.RegisterAsync(plant, machine, "Press 1").EnsureSucceeded();
        var batch = await _twins.Machines.SendSignalsAsync(plant, machine,
            [new MachineSignal(MachineSignalNames.GoodCount, 12, null, SignalQuality.Good, DateTimeOffset.UtcNow)]);
        Assert.Null(batch.Error);
        Assert.Equal(1, batch.Applied);
    }

    private static void AssertRefused(CommandResult result, string code, string field, string limit)
    {
        Assert.False(result.Succeeded);
        Assert.NotNull(result.Error);
        Assert.Equal(code, result.Error!.Code);
        Assert.Equal(field, result.Error.Field);
        Assert.Equal(limit, result.Error.Limit);
        Assert.Equal(TwinErrorKind.InvalidInput, result.Error.Kind);
        Assert.Contains(field, result.Error.Message, StringComparison.Ordinal);
    }
}
