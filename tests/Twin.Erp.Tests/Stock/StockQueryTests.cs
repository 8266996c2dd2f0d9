using System.Net.Http.Json;
using Twin.Erp.Connector;
using Twin.Erp.Stock;
using Twin.Erp.Tests.Connector;
using Twin.Erp.Transactions;

namespace Twin.Erp.Tests.Stock;

/// <summary>The connector's read side against the ERP simulator over real HTTP: stock follows the booked documents.</summary>
public sealed class StockQueryTests : IAsyncLifetime
{
    private ErpSimulatorFixture _erp = null!;

    public async Task InitializeAsync() => _erp = await ErpSimulatorFixture.StartAsync();

    public Task DisposeAsync() => _erp.DisposeAsync();

    [Fact]
    public async Task The_ERP_answers_the_stock_its_booked_documents_left()
    {
        await using var host = new ConnectorHost(_erp.BaseAddress);
        var receipt = TestTransactions.Make(ErpTransactionKind.GoodsReceipt, TestTransactions.NewEventId("rcpt"), "RM-200", quantity: 100m) with
        {
            ToLocation = "A1", Lot = "L-1", Unit = "kg",
        };
        var move = TestTransactions.Make(ErpTransactionKind.StockMove, TestTransactions.NewEventId("move"), "RM-200", workOrder: null, quantity: 30m) with
        {
            FromLocation = "A1", ToLocation = "B2", Lot = "L-1", Unit = "kg",
        };
        var outcomes = await host.Connector.PostBatchAsync([receipt, move]);
        Assert.All(outcomes, o => Assert.Equal(ErpOutcomeStatus.Booked, o.Status));

        var answer = await host.Connector.QueryStockAsync(new ErpStockQuery(receipt.Plant, ["A1", "B2", "C3"]));

        Assert.Equal(ErpStockAnswerStatus.Answered, answer.Status);
        Assert.Equal([new ErpStockLine("A1", "RM-200", "L-1", 70m, "kg"), new ErpStockLine("B2", "RM-200", "L-1", 30m, "kg")], answer.Lines);

        using var adjusted = await _erp.Admin.PostAsJsonAsync("/admin/stock-adjustments",
            new { plant = receipt.Plant, location = "C3", item = "RM-200", lot = "L-9", quantity = 5m, unit = "kg" });
        adjusted.EnsureSuccessStatusCode();
        var after = await host.Connector.QueryStockAsync(new ErpStockQuery(receipt.Plant, ["C3"]));
        Assert.Equal([new ErpStockLine("C3", "RM-200", "L-9", 5m, "kg")], after.Lines);
    }

    [Fact]
    public async Task An_ERP_without_a_stock_endpoint_is_not_supported_and_one_that_cannot_be_reached_is_unavailable()
    {
        await using var missing = new ConnectorHost(_erp.BaseAddress, o => o.StockPath = "/no/such/endpoint");
        var notThere = await missing.Connector.QueryStockAsync(new ErpStockQuery("p1", ["A1"]));
        Assert.Equal(ErpStockAnswerStatus.NotSupported, notThere.Status);
        Assert.Contains("404", notThere.Reason, StringComparison.Ordinal);

        await using var off = new ConnectorHost(_erp.BaseAddress, o => o.StockPath = "");
        Assert.Equal(ErpStockAnswerStatus.NotSupported, (await off.Connector.QueryStockAsync(new ErpStockQuery("p1", ["A1"]))).Status);

        await using var down = new ConnectorHost(new Uri("http://127.0.0.1:1"));
        var unreachable = await down.Connector.QueryStockAsync(new ErpStockQuery("p1", ["A1"]));
        Assert.Equal(ErpStockAnswerStatus.Unavailable, unreachable.Status);
    }
}
