using Twin.Client;
using Twin.Contracts;
using Twin.Erp.Connector;

namespace Twin.Pipeline.Tests;

/// <summary>The client SDK's view of the pipeline, through a real cluster client.</summary>
[Collection(ErpSyncCollection.Name)]
public sealed class PipelineSdkTests(ErpSyncClusterFixture fixture)
{
    [Fact]
    public async Task The_SDK_reads_ERP_figures_and_dead_letters_and_replays_them()
    {
        var plant = $"sdk-{Guid.NewGuid():N}"[..16];
        var pipeline = TwinPipeline.For(fixture.Cluster.Client);
        ScriptedErpConnector.Instance.Answer(t => t.Plant == plant
            ? ErpPostOutcome.Rejected(t.IdempotencyKey, "Item FG-100 is blocked for posting.")
            : ErpPostOutcome.Booked(t.IdempotencyKey, "DOC"));
        await fixture.Cluster.GrainFactory.GetGrain<IErpSyncGrain>(plant).Offer(
            ErpTransactionMappingTests.Event("e-1", new ProductionReported("WO-1", 10, "FG-100", 4, "pcs", "press-3"), plant));

        using var deadline = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        IReadOnlyList<ErpDeadLetter> letters = [];
        while (letters.Count == 0)
        {
            deadline.Token.ThrowIfCancellationRequested();
            letters = await pipeline.Erp.GetDeadLettersAsync(plant, cancellationToken: deadline.Token);
        }

        Assert.Equal("Item FG-100 is blocked for posting.", Assert.Single(letters).Reason);
        ScriptedErpConnector.Instance.Answer(t => ErpPostOutcome.Booked(t.IdempotencyKey, "DOC"));
        Assert.Equal(1, await pipeline.Erp.ReplayAllAsync(plant, deadline.Token));
        var figures = await pipeline.Erp.GetFiguresAsync(plant, deadline.Token);
        Assert.Equal((plant, 0, 1L), (figures.Plant, figures.DeadLetterCount, figures.Replayed));
    }

    [Fact]
    public async Task A_plant_without_configured_OPC_UA_connections_lists_none()
    {
        var connections = await TwinPipeline.For(fixture.Cluster.Client).Connections.GetConnectionsAsync("plant-without-plc");

        Assert.Empty(connections);
    }
}
