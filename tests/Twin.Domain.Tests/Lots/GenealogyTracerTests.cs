using Twin.Domain.Lots;

namespace Twin.Domain.Tests.Lots;

public sealed class GenealogyTracerTests
{
    private static readonly DateTimeOffset T0 = new(2026, 11, 27, 6, 0, 0, TimeSpan.Zero);

    /// <summary>A chain RAW → A1 → A2 → ... → A{n} plus a side input BOLT → A1.</summary>
    private static Dictionary<string, LotLinkView> Chain(int length)
    {
        var links = new List<GenealogyLink> { new("RAW", "A1", 0, "WO-1", 5, T0), new("BOLT", "A1", 0, "WO-1", 2, T0) };
        for (var i = 1; i < length; i++)
        {
            links.Add(new GenealogyLink($"A{i}", $"A{i + 1}", 1, null, 1, T0));
        }
        var lots = links.SelectMany(l => new[] { l.Parent, l.Child }).Distinct();
        return lots.ToDictionary(l => l, l => new LotLinkView(l, "ITEM", LotStatus.Unrestricted,
            links.Where(x => x.Child == l).ToArray(), links.Where(x => x.Parent == l).ToArray()));
    }

    private static Func<string, Task<LotLinkView?>> Fetch(Dictionary<string, LotLinkView> lots) =>
        id => Task.FromResult(lots.GetValueOrDefault(id));

    [Fact]
    public async Task Backward_trace_finds_everything_that_went_into_a_lot_across_levels()
    {
        var result = await GenealogyTracer.Trace("A4", backward: true, maxDepth: 10, maxLots: 100, Fetch(Chain(4)));

        Assert.Equal(["A4", "A3", "A2", "A1", "RAW", "BOLT"], result.Lots.Select(l => l.LotId));
        Assert.Equal(4, result.Lots.Single(l => l.LotId == "RAW").Depth);
        Assert.False(result.Truncated);
    }

    [Fact]
    public async Task Forward_trace_finds_where_a_lot_went()
    {
        var result = await GenealogyTracer.Trace("RAW", backward: false, maxDepth: 10, maxLots: 100, Fetch(Chain(3)));
        Assert.Equal(["RAW", "A1", "A2", "A3"], result.Lots.Select(l => l.LotId));
        Assert.Equal(3, result.Edges.Count);
    }

    [Fact]
    public async Task The_depth_bound_stops_the_trace_and_says_so()
    {
        var result = await GenealogyTracer.Trace("RAW", backward: false, maxDepth: 2, maxLots: 100, Fetch(Chain(6)));
        Assert.Equal(["RAW", "A1", "A2"], result.Lots.Select(l => l.LotId));
        Assert.True(result.Truncated);
    }

    [Fact]
    public async Task A_cycle_in_bad_data_is_visited_once()
    {
        var links = new[] { new GenealogyLink("X", "Y", 1, null, 1, T0), new GenealogyLink("Y", "X", 1, null, 1, T0) };
        var lots = new Dictionary<string, LotLinkView>
        {
            ["X"] = new("X", "I", LotStatus.Unrestricted, [links[1]], [links[0]]),
            ["Y"] = new("Y", "I", LotStatus.Unrestricted, [links[0]], [links[1]]),
        };
        var result = await GenealogyTracer.Trace("X", backward: false, maxDepth: 50, maxLots: 100, Fetch(lots));
        Assert.Equal(["X", "Y"], result.Lots.Select(l => l.LotId));
    }

    [Fact]
    public async Task Unknown_lots_appear_without_item()
    {
        var lots = Chain(1);
        lots.Remove("BOLT");
        var result = await GenealogyTracer.Trace("A1", backward: true, maxDepth: 5, maxLots: 100, Fetch(lots));
        Assert.Null(result.Lots.Single(l => l.LotId == "BOLT").Item);
    }
}
