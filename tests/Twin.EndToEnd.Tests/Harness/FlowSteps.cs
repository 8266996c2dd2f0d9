using Twin.Contracts;
using Twin.Erp.Transactions;

namespace Twin.EndToEnd.Tests.Harness;

/// <summary>Steps the end-to-end tests share: start a work order on the machine, wait for the ERP, check exactly-once.</summary>
internal static class FlowSteps
{
    public static readonly TimeSpan FlowTimeout = TimeSpan.FromSeconds(45);

    /// <summary>
    /// Creates and releases a work order for the machine's operation 10 and assigns the machine once every earlier
    /// tick has reached the twin, so the order gets exactly the ticks the test makes after this.
    /// </summary>
    public static async Task<string> StartOrderAsync(this ShopFloorToErpFixture plant, string workOrder, bool releasedInErp = true)
    {
        if (releasedInErp)
        {
            await plant.Erp.ReleaseWorkOrderAsync(workOrder);
        }

        await plant.Rest.CreateWorkOrderAsync(workOrder, ShopFloorToErpFixture.Item, 1_000_000, ShopFloorToErpFixture.Machine);
        await plant.Rest.ReleaseAsync(workOrder);
        await Eventually.Until(() => plant.Rest.MachineAsync(ShopFloorToErpFixture.Machine), m => m?.Counters.Good == plant.Ticks, FlowTimeout,
            $"machine {ShopFloorToErpFixture.Machine} to have counted {plant.Ticks} good parts", m => $"counted {m?.Counters.Good}");
        await plant.Rest.AssignAsync(ShopFloorToErpFixture.Machine, workOrder);
        return workOrder;
    }

    public static async Task<decimal> BookedGoodAsync(this ShopFloorToErpFixture plant, string workOrder, decimal expected)
    {
        var documents = await Eventually.Until(() => plant.Erp.DocumentsAsync(workOrder),
            d => d.Where(x => x.Kind == "ProductionConfirmation").Sum(x => x.Quantity) >= expected, FlowTimeout,
            $"the ERP to book {expected} good on {workOrder}",
            d => $"{d.Where(x => x.Kind == "ProductionConfirmation").Sum(x => x.Quantity)} booked\n{plant.Diagnostics()}");
        return documents.Where(x => x.Kind == "ProductionConfirmation").Sum(x => x.Quantity);
    }

    /// <summary>Waits until the ERP has booked at least <paramref name="good"/> and <paramref name="scrap"/> on the order.</summary>
    public static Task<IReadOnlyList<AuditDocument>> BookedAsync(this ShopFloorToErpFixture plant, string workOrder, decimal good, decimal scrap, TimeSpan timeout) =>
        Eventually.Until(() => plant.Erp.DocumentsAsync(workOrder),
            d => d.Where(x => x.Kind == "ProductionConfirmation").Sum(x => x.Quantity) >= good && d.Where(x => x.Kind == "Scrap").Sum(x => x.Quantity) >= scrap,
            timeout, $"the ERP to book {good} good and {scrap} scrap on {workOrder}",
            d => $"{d.Where(x => x.Kind == "ProductionConfirmation").Sum(x => x.Quantity)} good, {d.Where(x => x.Kind == "Scrap").Sum(x => x.Quantity)} scrap booked\n{plant.Diagnostics()}");

    /// <summary>Scrap the plant server makes on ticks after <paramref name="first"/> up to <paramref name="last"/> (every 25th tick).</summary>
    public static int ScrapBetween(int first, int last) => Enumerable.Range(first + 1, last - first).Count(t => t % 25 == 0);

    public static async Task AssertEachBookedOnceAsync(this ShopFloorToErpFixture plant, string workOrder)
    {
        var documents = await plant.Erp.DocumentsAsync(workOrder);
        Assert.Equal(documents.Count, documents.Select(d => d.IdempotencyKey).Distinct().Count());
        var sources = documents.SelectMany(d => d.SourceEventIds.Select(s => (d.Kind, s))).ToList();
        Assert.Equal(sources.Count, sources.Distinct().Count());
    }

    /// <summary>
    /// Aggregation conserves quantities (issue 10 item 4): per work-order operation, the yield and scrap the ERP booked
    /// equal what the work-order twin counted and what the plant made (<paramref name="good"/>, <paramref name="scrap"/>),
    /// exactly; each document's key is the one derived from its exact set of source events; no source event is in two
    /// documents of a kind; and the ERP never saw a booked key again with another content (a set re-sealed otherwise).
    /// Returns the order's documents.
    /// </summary>
    public static async Task<IReadOnlyList<AuditDocument>> AssertBookedEqualsCountedAsync(this ShopFloorToErpFixture plant, string workOrder, decimal good, decimal scrap, string seen)
    {
        var documents = await plant.Erp.DocumentsAsync(workOrder);
        var order = await plant.Rest.WorkOrderAsync(workOrder);
        var booked = documents.Where(d => d.Kind is "ProductionConfirmation" or "Scrap").ToList();
        var detail = $"{seen}\nper operation (booked good/scrap vs twin good/scrap): "
            + string.Join("; ", order.Operations.Select(o => $"{o.Sequence}: {Sum(booked, "ProductionConfirmation", o.Sequence)}/{Sum(booked, "Scrap", o.Sequence)} vs {o.Good}/{o.Scrap}"));
        Assert.True(booked.All(d => order.Operations.Any(o => OperationOf(o.Sequence) == d.Operation)), $"a document names an operation the order does not have\n{detail}");
        foreach (var operation in order.Operations)
        {
            Assert.True(Sum(booked, "ProductionConfirmation", operation.Sequence) == operation.Good, detail);
            Assert.True(Sum(booked, "Scrap", operation.Sequence) == operation.Scrap, detail);
        }

        Assert.True(booked.Where(d => d.Kind == "ProductionConfirmation").Sum(d => d.Quantity) == good, detail);
        Assert.True(booked.Where(d => d.Kind == "Scrap").Sum(d => d.Quantity) == scrap, detail);
        foreach (var document in documents)
        {
            var derived = ErpIdempotencyKey.Derive(Enum.Parse<ErpTransactionKind>(document.Kind), document.SourceEventIds);
            Assert.True(derived == document.IdempotencyKey,
                $"{document.Kind} {document.DocumentNumber} has key {document.IdempotencyKey}, its {document.SourceEventIds.Count} source events derive {derived}");
        }

        await plant.AssertEachBookedOnceAsync(workOrder);
        Assert.Equal(0, await plant.Erp.ConflictingRepeatsAsync());
        return documents;
    }

    /// <summary>How the documents of an order aggregate: "N documents carry M source events (up to K in one)".</summary>
    public static string Aggregation(IReadOnlyList<AuditDocument> documents) =>
        $"{documents.Count} documents carry {documents.Sum(d => d.SourceEventIds.Count)} source events (up to {documents.Select(d => d.SourceEventIds.Count).DefaultIfEmpty().Max()} in one)";

    private static decimal Sum(IEnumerable<AuditDocument> documents, string kind, int sequence) =>
        documents.Where(d => d.Kind == kind && d.Operation == OperationOf(sequence)).Sum(d => d.Quantity);

    private static string OperationOf(int sequence) => sequence.ToString(System.Globalization.CultureInfo.InvariantCulture);
}
