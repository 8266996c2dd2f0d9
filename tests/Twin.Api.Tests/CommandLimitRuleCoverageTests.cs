using System.Runtime.CompilerServices;
using Twin.Contracts;

namespace Twin.Api.Tests;

/// <summary>
/// Every twin command has its bounds in <see cref="CommandLimitRules"/>: the silo refuses a command type the rules do
/// not know, so a new command without bounds fails here, not in a plant.
/// </summary>
public sealed class CommandLimitRuleCoverageTests
{
    public static TheoryData<Type> Commands()
    {
        var data = new TheoryData<Type>();
        foreach (var type in typeof(ITwinCommand).Assembly.GetTypes().Where(t => typeof(ITwinCommand).IsAssignableFrom(t) && t is { IsClass: true, IsAbstract: false }))
            data.Add(type);
        return data;
    }

    [Theory]
    [MemberData(nameof(Commands))]
    public void Every_command_type_has_bounds(Type commandType)
    {
        // An empty command (no context, no fields): the rules must know its type and find nothing to refuse.
        var command = (ITwinCommand)RuntimeHelpers.GetUninitializedObject(commandType);
        var violation = CommandLimitRules.Check(command, new CommandLimits(), out var known);
        Assert.True(known, $"{commandType.Name} has no bounds in {nameof(CommandLimitRules)}");
        Assert.Null(violation);
    }

    [Fact]
    public void The_user_of_any_command_is_bounded()
    {
        var command = new ReleaseLot(new CommandContext("r-1", "c-1", new string('u', 1001)), "ok");
        var violation = CommandLimitRules.Check(command, new CommandLimits(), out _);
        Assert.Equal(("value-too-long", "user", "1000"), (violation?.Code, violation?.Field, violation?.Limit));
    }

    [Fact]
    public void An_erp_operation_without_a_standard_time_is_kept_and_a_negative_one_refused()
    {
        RoutingOperation[] routing = [new(10, "WC-1", null, TimeSpan.Zero)];
        var context = new CommandContext("r-1", "c-1");
        var fromErp = new SyncWorkOrderFromErp(context, "P1", "5000001", "FG-1", 10m, "pcs", default, DateTimeOffset.UnixEpoch, routing, []);
        Assert.Null(CommandLimitRules.Check(fromErp, new CommandLimits(), out _));

        var negative = fromErp with { Routing = [new(10, "WC-1", null, TimeSpan.FromSeconds(-1))] };
        Assert.Equal("routing[0].standardCycleTime", CommandLimitRules.Check(negative, new CommandLimits(), out _)?.Field);
    }
}
