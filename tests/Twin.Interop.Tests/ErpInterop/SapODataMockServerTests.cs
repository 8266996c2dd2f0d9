using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Twin.Erp.Connector;
using Twin.Erp.Transactions;
using Twin.Interop.Tests.Peers;

namespace Twin.Interop.Tests.ErpInterop;

/// <summary>
/// The sap-s4 connector against an OData V2 implementation that is not ours (SAP's open-source mock server): our
/// <c>$batch</c> (one changeset per document, deep insert of material document items) must be read by it, its answer
/// must be read by us, and our lookups by key (<c>$filter</c> on ExternalSystemConfirmation as a guid literal and on
/// ReferenceDocument) must find what it stored. Its CSRF token is fixed and never checked, so token expiry is tested
/// against samples/SapSimulator instead (Twin.Erp.Tests).
/// </summary>
public sealed class SapODataMockServerTests
{
    [Fact]
    public async Task Documents_posted_in_one_batch_are_booked_and_a_later_silo_finds_them_by_key_instead_of_posting_again()
    {
        await using var peer = await ODataMockPeer.StartAsync();
        var stamp = Guid.NewGuid().ToString("N")[..8];
        IReadOnlyList<ErpTransaction> documents =
        [
            Document(ErpTransactionKind.ProductionConfirmation, $"{stamp}-good", quantity: 12.5m),
            Document(ErpTransactionKind.Scrap, $"{stamp}-scrap", quantity: 2) with { Reason = "porosity" },
            Document(ErpTransactionKind.MaterialConsumption, $"{stamp}-consume", quantity: 3, item: "RM-200") with { FromLocation = "LINE-1" },
            Document(ErpTransactionKind.GoodsReceipt, $"{stamp}-receipt", quantity: 12) with { ToLocation = "FG-STORE", Lot = "LOT-7" },
        ];

        IReadOnlyList<ErpPostOutcome> first;
        await using (var silo = Connector(peer, lookUpAfterStart: "00:00:00"))
        {
            first = await silo.GetRequiredService<IErpConnector>().PostBatchAsync(documents);
        }

        await using var next = Connector(peer, lookUpAfterStart: "00:10:00");
        var again = await next.GetRequiredService<IErpConnector>().PostBatchAsync(documents);

        Assert.All(first, o => Assert.Equal((ErpOutcomeStatus.Booked, false), (o.Status, o.AlreadyBooked)));
        Assert.All(first, o => Assert.Contains('/', o.DocumentNumber ?? string.Empty));
        Assert.All(again, o => Assert.Equal((ErpOutcomeStatus.Booked, true), (o.Status, o.AlreadyBooked)));
        Assert.Equal(first.Select(o => o.DocumentNumber), again.Select(o => o.DocumentNumber));
    }

    private static ServiceProvider Connector(ODataMockPeer peer, string lookUpAfterStart)
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Erp:Connector:Kind"] = "sap-s4",
            ["Erp:Connector:BaseUrl"] = peer.BaseAddress.ToString(),
            ["Erp:Connector:Auth:User"] = ODataMockPeer.User,
            ["Erp:Connector:Auth:Password"] = ODataMockPeer.Password,
            ["Erp:Connector:LookUpAfterStart"] = lookUpAfterStart,
            ["Erp:Connector:Mapping:Plants:P1"] = "1010",
            ["Erp:Connector:Mapping:Locations:LINE-1"] = "0001",
            ["Erp:Connector:Mapping:Locations:FG-STORE"] = "FG01",
            ["Erp:Connector:Mapping:Units:pcs"] = "ST",
            ["Erp:Connector:Mapping:WorkOrders:4711:Order"] = "1000123",
        }).Build();
        return new ServiceCollection().AddErpConnector(configuration.GetSection("Erp:Connector")).BuildServiceProvider();
    }

    private static ErpTransaction Document(ErpTransactionKind kind, string eventId, decimal quantity, string item = "FG-100") => new()
    {
        IdempotencyKey = ErpIdempotencyKey.Derive(kind, [eventId]),
        Kind = kind,
        Plant = "P1",
        WorkOrder = "4711",
        Operation = "10",
        Item = item,
        Quantity = quantity,
        Unit = "pcs",
        SourceEventIds = [eventId],
        OccurredAt = new DateTimeOffset(2026, 12, 1, 8, 0, 0, TimeSpan.Zero),
    };
}
