using System.Collections.Concurrent;
using Orleans.Streams;
using Twin.Contracts;

namespace Twin.Demo;

/// <summary>
/// Watches the plant's twin changes (the same stream plant apps subscribe to) and tells, in plant words, what happens:
/// status changes at once, production and ERP bookings as a summary every few seconds.
/// </summary>
internal sealed class PlantNarrator : IAsyncDisposable
{
    private static readonly TimeSpan SummaryEvery = TimeSpan.FromSeconds(5);

    private readonly string _plant;
    private readonly Func<long> _erpBooked;
    private readonly ConcurrentDictionary<string, decimal> _goodByMachine = new(StringComparer.Ordinal);
    private StreamSubscriptionHandle<TwinEvent>? _subscription;
    private long _lastBooked;

    private PlantNarrator(string plant, Func<long> erpBooked)
    {
        _plant = plant;
        _erpBooked = erpBooked;
    }

    /// <summary>Starts narrating; <paramref name="erpBooked"/> counts the documents the ERP simulator has booked so far.</summary>
    public static async Task<PlantNarrator> StartAsync(IClusterClient cluster, string plant, Func<long> erpBooked)
    {
        var narrator = new PlantNarrator(plant, erpBooked);
        var stream = cluster.GetStreamProvider(TwinProviders.Streams).GetStream<TwinEvent>(StreamId.Create(StreamNamespaces.TwinChanges, plant));
        narrator._subscription = await stream.SubscribeAsync((e, _) =>
        {
            narrator.Tell(e);
            return Task.CompletedTask;
        });
        return narrator;
    }

    public async Task RunAsync(IGrainFactory grains, CancellationToken cancellationToken)
    {
        using var timer = new PeriodicTimer(SummaryEvery);
        while (await timer.WaitForNextTickAsync(cancellationToken))
        {
            var made = _goodByMachine.Keys.Order(StringComparer.Ordinal)
                .Select(m => (Machine: m, Good: _goodByMachine.TryRemove(m, out var good) ? good : 0))
                .Where(x => x.Good > 0)
                .Select(x => $"{x.Machine} +{x.Good:0}")
                .ToList();
            Say.Line("shop floor", made.Count == 0 ? "no good parts reported in the last few seconds" : $"good parts reported: {string.Join(", ", made)}");

            var erp = await grains.GetGrain<IErpSyncGrain>(_plant).GetFigures();
            var booked = _erpBooked();
            Say.Line("ERP", $"{booked - _lastBooked} document(s) booked in the last few seconds ({booked} in all); "
                + $"{erp.PendingCount} waiting, {erp.DeadLetterCount} dead letter(s), {erp.Retried} retried"
                + (erp.LastFailure is { } failure && erp.PendingCount > 0 ? $" — last problem: {failure}" : ""));
            _lastBooked = booked;
        }
    }

    private void Tell(TwinEvent e)
    {
        switch (e.Payload)
        {
            case ProductionReported p when p.MachineId is { } machine:
                _goodByMachine.AddOrUpdate(machine, p.Good, (_, sum) => sum + p.Good);
                break;
            case MachineStatusChanged s:
                Say.Line(s.MachineId, $"{s.From} -> {s.To}" + (s.Reason is { } reason ? $" ({reason})" : ""));
                break;
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (_subscription is { } subscription)
        {
            await subscription.UnsubscribeAsync();
        }
    }
}
