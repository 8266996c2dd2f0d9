using System.Text.Json;
using Twin.Contracts;
using Twin.Grains.Twins;

namespace Twin.Grains.Tests;

/// <summary>Grain state must survive a JSON storage serializer without CLR type names (the PostgreSQL profile).</summary>
public sealed class StatePersistenceTests
{
    [Fact]
    public void Twin_state_with_pending_events_round_trips_through_json_without_type_names()
    {
        var payload = new StockMoved("A", "B", "STEEL", "L1", 4, "kg");
        var state = new TwinGrainState
        {
            Twin = "{\"Version\":3}",
            Outbox = [new TwinEvent("e1", "c1", null, 1, DateTimeOffset.UnixEpoch, "P1", TwinKind.Location, "A", 3, payload)],
        };

        var json = JsonSerializer.Serialize(state);
        var back = JsonSerializer.Deserialize<TwinGrainState>(json)!;

        Assert.DoesNotContain("Twin.Contracts", json);
        Assert.Contains("\"type\":\"stock-moved\"", json);
        Assert.Equal(state.Twin, back.Twin);
        Assert.Equal(payload, Assert.Single(back.Outbox).Payload);
    }

    public static TheoryData<EventPayload> WorkflowPayloads() =>
    [
        new GoodsStagedForPutAway("LANE-1", "BRACKET", "FG-1", 48, "pcs", "WO-1", "SSCC-1"),
        new QualityHoldInstruction("L1", "STEEL", StockStatus.Blocked, "porosity", "QN-1", "qms", 30, "kg",
            [new LotQuantityAtLocation("A", 20), new LotQuantityAtLocation("B", null)], DateTimeOffset.UnixEpoch),
        new QualityReleaseInstruction("L1", "STEEL", "ok", null, "qms", 30, "kg", [new LotQuantityAtLocation("A", 20)], DateTimeOffset.UnixEpoch),
        new MaintenanceRequested("M1", "press", "WC", MachineStatus.Down, DateTimeOffset.UnixEpoch, TimeSpan.FromMinutes(31), TimeSpan.FromMinutes(30), "jam"),
        new MaintenanceRequestClosed("M1", null, null, null, DateTimeOffset.UnixEpoch, null),
    ];

    [Theory]
    [MemberData(nameof(WorkflowPayloads))]
    public void Workflow_events_waiting_in_the_outbox_round_trip_with_their_version(EventPayload payload)
    {
        var state = new TwinGrainState { Twin = "{}", Outbox = [new TwinEvent("e1", "c1", null, 1, DateTimeOffset.UnixEpoch, "P1", TwinKind.Lot, "L1", 3, payload)] };

        var json = JsonSerializer.Serialize(state);
        var back = Assert.Single(JsonSerializer.Deserialize<TwinGrainState>(json)!.Outbox).Payload;

        Assert.Equal(payload.GetType(), back.GetType());
        Assert.Equal(JsonSerializer.Serialize(payload), JsonSerializer.Serialize(back));
        Assert.Contains("\"Version\":1", JsonSerializer.Serialize(back));
    }

    [Fact]
    public void Invalid_bounds_are_refused_at_start()
    {
        var result = new TwinOptionsValidator().Validate(null, new TwinOptions { HistoryLength = 0, TransferRetryDelay = TimeSpan.Zero });
        Assert.True(result.Failed);
        Assert.Contains("HistoryLength", result.FailureMessage);
        Assert.Contains("TransferRetryDelay", result.FailureMessage);
        Assert.True(new TwinOptionsValidator().Validate(null, new TwinOptions()).Succeeded);
    }
}

/// <summary>Domain twins are persisted as JSON text inside the grain state: after a reload they must behave the same.</summary>
public sealed class DomainStateJsonTests
{
    private static readonly DateTimeOffset T0 = new(2026, 11, 27, 6, 0, 0, TimeSpan.Zero);

    private static T Reload<T>(T twin) => JsonSerializer.Deserialize<T>(JsonSerializer.Serialize(twin))!;

    [Fact]
    public void A_reloaded_location_keeps_balances_transfers_and_remembered_requests()
    {
        var location = new Twin.Domain.Inventory.WarehouseLocationTwin { Id = "A" };
        location.Create("P1", "Rack A");
        location.Execute(new Twin.Domain.CommandMeta("r1", "c1"), T0, "Receive", () => location.Receive("STEEL", "L1", 10, "kg", Twin.Domain.Lots.LotStatus.Unrestricted));
        location.StartMove("m1", "B", "STEEL", "L1", 4, "c2", T0);
        location.AcceptTransfer("t9", "STEEL", "L2", 1, "kg", Twin.Domain.Lots.LotStatus.QualityHold);

        var back = Reload(location);

        Assert.Equal(6, back.OnHand("STEEL", "L1"));
        Assert.Equal(Twin.Domain.Lots.LotStatus.QualityHold, back.Balances.Single(b => b.LotId == "L2").Status);
        Assert.Equal("m1", Assert.Single(back.Outgoing).TransferId);
        Assert.False(back.AcceptTransfer("t9", "STEEL", "L2", 1, "kg", Twin.Domain.Lots.LotStatus.QualityHold));
        Assert.NotNull(back.Replay(new Twin.Domain.CommandMeta("r1", "c")));
    }

    [Fact]
    public void A_reloaded_machine_keeps_counters_baselines_and_seen_batches()
    {
        var machine = new Twin.Domain.Machines.MachineTwin();
        machine.Register("P1", "Press", null, TimeSpan.FromSeconds(1), null, T0);
        machine.ApplySignals("b1", [new Twin.Domain.Machines.SignalSample("good-count", 100, null, 0, T0)], T0);

        var back = Reload(machine);
        var again = back.ApplySignals("b1", [new Twin.Domain.Machines.SignalSample("good-count", 100, null, 0, T0)], T0);
        var next = back.ApplySignals("b2", [new Twin.Domain.Machines.SignalSample("good-count", 103, null, 0, T0.AddSeconds(1))], T0);

        Assert.True(again.DuplicateBatch);
        Assert.Equal(3, next.GoodDelta);
    }
}
