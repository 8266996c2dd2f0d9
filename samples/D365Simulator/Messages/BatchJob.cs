using Microsoft.Extensions.Options;

namespace D365Simulator.Messages;

/// <summary>
/// The message processing batch job: every few milliseconds, each order's oldest due message is booked or failed —
/// in order per production order, parallel across orders. Business checks: known company and order, the order started
/// before anything is reported on it, nothing after it ended.
/// </summary>
public sealed class BatchJob(MessageStore store, Orders.ProductionOrderEntities orders, IOptions<D365SimulatorOptions> options) : BackgroundService
{
    private readonly D365SimulatorOptions _options = options.Value;
    private readonly HashSet<string> _started = new(StringComparer.Ordinal);
    private readonly HashSet<string> _ended = new(StringComparer.Ordinal);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(TimeSpan.FromMilliseconds(5));
        while (await timer.WaitForNextTickAsync(stoppingToken))
        {
            foreach (var message in store.TakeDue())
            {
                var failure = Check(message);
                message.Log = failure;
                message.Status = failure is null ? "Processed" : "Failed";
            }
        }
    }

    private string? Check(QueuedMessage m)
    {
        if (!_options.AcceptAll && !_options.Companies.Contains(m.Company, StringComparer.OrdinalIgnoreCase))
        {
            return $"Company '{m.Company}' does not exist.";
        }

        // An order of the production order book takes messages until it is ended; else it must be listed.
        if (orders.Book.Knows(m.Order))
        {
            if (orders.Book.WhyNotPostable(m.Order) is not null)
            {
                return $"Production order {m.Order} is ended; nothing more can be reported on it.";
            }
        }
        else if (!_options.AcceptAll && !_options.Orders.Contains(m.Order, StringComparer.Ordinal))
        {
            return $"Production order {m.Order} was not found in company {m.Company}.";
        }

        var order = $"{m.Company}/{m.Order}";
        if (_ended.Contains(order))
        {
            return $"Production order {m.Order} is ended; nothing more can be reported on it.";
        }

        switch (m.Type)
        {
            case "ProdProductionOrderStart":
                _started.Add(order);
                return null;
            case "ProdProductionOrderEnd":
                _ended.Add(order);
                return null;
            case "ProdProductionOrderReportFinished" or "ProdProductionOrderPickingList" or "ProdProductionOrderRouteCard":
                return _started.Contains(order) ? null : $"Production order {m.Order} has status Released; it must be started first.";
            default:
                return $"Message type '{m.Type}' is not handled by queue JmgMES3P.";
        }
    }
}
