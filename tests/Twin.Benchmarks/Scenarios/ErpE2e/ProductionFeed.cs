using System.Globalization;
using Twin.Contracts;

namespace Twin.Benchmarks.Scenarios.ErpE2e;

/// <summary>
/// Production reports into real work-order twins, as a shop-floor client sends them: each work order gets one report
/// after another (a report answers once the twin wrote it and its events are on the streams), all orders at once.
/// Every report is 1 good piece of operation 10, so what the ERP must have booked per order is the count of reports
/// the twin confirmed.
/// </summary>
public sealed class ProductionFeed(IGrainFactory grains, string plant, int orders)
{
    private readonly long[] _confirmed = new long[orders];

    public string Plant => plant;

    public IReadOnlyList<string> Orders { get; } =
        Enumerable.Range(0, orders).Select(i => string.Create(CultureInfo.InvariantCulture, $"{plant}-WO-{i:D5}")).ToList();

    /// <summary>Reports the twins confirmed so far.</summary>
    public long Confirmed => Enumerable.Range(0, _confirmed.Length).Sum(i => Interlocked.Read(ref _confirmed[i]));

    public long ConfirmedOf(int order) => Interlocked.Read(ref _confirmed[order]);

    /// <summary>Creates and releases every order (a planned quantity no benchmark reaches, so no report is refused).</summary>
    public async Task PrepareAsync(CancellationToken cancellationToken)
    {
        await Parallel.ForEachAsync(Orders, new ParallelOptions { MaxDegreeOfParallelism = 64, CancellationToken = cancellationToken }, async (order, _) =>
        {
            var grain = grains.GetGrain<IWorkOrderGrain>(order);
            Check(await grain.Create(new CreateWorkOrder(Context($"{order}-create"), plant, "FG-100", 1_000_000_000m, "pcs",
                [new RoutingOperation(10, "presses", null, TimeSpan.FromSeconds(1))])), order);
            Check(await grain.ChangeStatus(new ChangeWorkOrderStatus(Context($"{order}-release"), WorkOrderStatus.Released)), order);
        });
    }

    /// <summary>Runs until <paramref name="stop"/> (or <paramref name="perOrder"/> reports each); one report in flight per order.</summary>
    public Task RunAsync(CancellationToken stop, long perOrder = long.MaxValue) =>
        Task.WhenAll(Enumerable.Range(0, orders).Select(i => Task.Run(async () =>
        {
            var grain = grains.GetGrain<IWorkOrderGrain>(Orders[i]);
            while (!stop.IsCancellationRequested && Interlocked.Read(ref _confirmed[i]) < perOrder)
            {
                var n = Interlocked.Read(ref _confirmed[i]);
                var result = await grain.ReportProduction(new ReportProduction(Context($"{Orders[i]}-r{n}"), 10, 1m, 0m));
                Check(result, Orders[i]);
                Interlocked.Increment(ref _confirmed[i]);
            }
        }, CancellationToken.None)));

    private static CommandContext Context(string requestId) => new(requestId, requestId, "erp-e2e");

    private static void Check(CommandResult result, string order)
    {
        if (!result.Succeeded)
        {
            throw new InvalidOperationException($"Work order {order} refused a command: {result.Error?.Code} {result.Error?.Message}");
        }
    }
}
