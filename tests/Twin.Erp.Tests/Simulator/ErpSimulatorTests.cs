using System.Net;
using System.Net.Http.Json;
using ErpSimulator;
using ErpSimulator.Booking;
using Twin.Erp.Tests.Connector;

namespace Twin.Erp.Tests.Simulator;

/// <summary>The simulated ERP on its own, through its HTTP endpoints.</summary>
public sealed class ErpSimulatorTests(ErpSimulatorFixture erp) : IClassFixture<ErpSimulatorFixture>, IAsyncLifetime
{
    private const string BatchPath = "/api/erp/transactions/batch";

    // As the connector writes it: camelCase, kinds by name.
    private static readonly System.Text.Json.JsonSerializerOptions Wire = new(System.Text.Json.JsonSerializerDefaults.Web)
    {
        Converters = { new System.Text.Json.Serialization.JsonStringEnumConverter() },
    };

    public Task InitializeAsync() => erp.ResetFaultsAsync();

    public Task DisposeAsync() => Task.CompletedTask;

    [Fact]
    public async Task The_same_key_posted_concurrently_is_booked_once()
    {
        var transaction = TestTransactions.Confirmation(TestTransactions.NewEventId("race"));

        var answers = await Task.WhenAll(Enumerable.Range(0, 16).Select(_ => PostAsync(transaction)));

        var statuses = answers.Select(a => Assert.Single(a.Results).Status).ToList();
        Assert.Equal(1, statuses.Count(s => s == "booked"));
        Assert.Equal(15, statuses.Count(s => s == "alreadyBooked"));
        Assert.Single(answers.Select(a => a.Results[0].DocumentNumber).Distinct());
        Assert.Single(await erp.DocumentsAsync(transaction.IdempotencyKey));
    }

    [Fact]
    public async Task A_malformed_body_gets_a_400_that_says_what_to_send()
    {
        using var response = await erp.Admin.PostAsync(BatchPath, new StringContent("{not json", System.Text.Encoding.UTF8, "application/json"));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("{\\\"transactions\\\":[...]}", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_invalid_fault_command_is_refused_naming_the_field()
    {
        using var response = await erp.Admin.PostAsJsonAsync("/admin/faults", new { throttleRate = 2.0 });

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("throttleRate", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task During_an_outage_posts_get_503_with_retry_after_until_it_ends()
    {
        await erp.SetFaultsAsync(new { outageSeconds = 600, retryAfterSeconds = 7 });
        var transaction = TestTransactions.Confirmation(TestTransactions.NewEventId("outage"));

        using (var down = await erp.Admin.PostAsJsonAsync(BatchPath, new { transactions = new[] { transaction } }, Wire))
        {
            Assert.Equal(HttpStatusCode.ServiceUnavailable, down.StatusCode);
            Assert.Equal(TimeSpan.FromSeconds(7), down.Headers.RetryAfter?.Delta);
        }

        await erp.SetFaultsAsync(new { endOutages = true });
        Assert.Equal("booked", Assert.Single((await PostAsync(transaction)).Results).Status);
    }

    [Fact]
    public async Task An_outage_window_in_the_future_does_not_strike_yet()
    {
        await erp.SetFaultsAsync(new { outageSeconds = 60, outageStartsInSeconds = 600 });

        var answer = await PostAsync(TestTransactions.Confirmation(TestTransactions.NewEventId("later")));

        Assert.Equal("booked", Assert.Single(answer.Results).Status);
        Assert.Single((await erp.Admin.GetFromJsonAsync<FaultSettingsView>("/admin/faults"))!.Outages);
    }

    [Fact]
    public async Task A_stock_move_without_locations_is_rejected_with_a_reason()
    {
        var move = TestTransactions.Make(Twin.Erp.Transactions.ErpTransactionKind.StockMove, TestTransactions.NewEventId("move")) with { FromLocation = null };

        var line = Assert.Single((await PostAsync(move)).Results);

        Assert.Equal(("rejected", "A stock move needs both a from and a to storage location."), (line.Status, line.Reason));
    }

    [Fact]
    public async Task Master_data_is_loaded_from_a_file_and_a_missing_file_is_named()
    {
        var file = Path.Combine(Path.GetTempPath(), $"erp-master-{Guid.NewGuid():N}.json");
        await File.WriteAllTextAsync(file, """{"items":["FILE-ITEM"],"workOrders":["FILE-WO"]}""");
        try
        {
            await using var seeded = await ErpSimulatorFixture.StartAsync($"--ErpSimulator:MasterDataFile={file}");
            var master = await seeded.Admin.GetFromJsonAsync<ErpSimulator.MasterData.MasterDataUpdate>("/admin/master-data");
            Assert.Contains("FILE-ITEM", master!.Items!);
            Assert.Contains("FILE-WO", master.WorkOrders!);
        }
        finally
        {
            File.Delete(file);
        }

        var error = Assert.Throws<InvalidOperationException>(() => ErpSimulatorApp.Build(["--ErpSimulator:MasterDataFile=" + file]));
        Assert.Contains(file, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Accept_all_books_unknown_items_and_work_orders()
    {
        await using var open = await ErpSimulatorFixture.StartAsync("--ErpSimulator:AcceptAll=true");
        var transaction = TestTransactions.Confirmation(TestTransactions.NewEventId("open"), item: "ANY", workOrder: "ANY-WO");

        using var response = await open.Admin.PostAsJsonAsync(BatchPath, new { transactions = new[] { transaction } }, Wire);
        var answer = await response.Content.ReadFromJsonAsync<BatchAnswer>();

        Assert.Equal("booked", Assert.Single(answer!.Results).Status);
    }

    private async Task<BatchAnswer> PostAsync(Twin.Erp.Transactions.ErpTransaction transaction)
    {
        using var response = await erp.Admin.PostAsJsonAsync(BatchPath, new { transactions = new[] { transaction } }, Wire);
        Assert.True(response.IsSuccessStatusCode, $"simulator answered {(int)response.StatusCode}: {await response.Content.ReadAsStringAsync()}");
        return (await response.Content.ReadFromJsonAsync<BatchAnswer>())!;
    }

    private sealed record FaultSettingsView(List<ErpSimulator.Faults.OutageWindow> Outages);
}
