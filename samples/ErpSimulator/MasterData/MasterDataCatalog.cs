using System.Collections.Concurrent;

namespace ErpSimulator.MasterData;

/// <summary>Items and released work orders the simulated ERP knows. Safe to read and extend concurrently.</summary>
public sealed class MasterDataCatalog
{
    private readonly ConcurrentDictionary<string, byte> _items = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, byte> _workOrders = new(StringComparer.Ordinal);
    private volatile bool _acceptAll;

    public bool AcceptAll
    {
        get => _acceptAll;
        set => _acceptAll = value;
    }

    public bool IsKnownItem(string item) => _acceptAll || _items.ContainsKey(item);

    public bool IsKnownWorkOrder(string workOrder) => _acceptAll || _workOrders.ContainsKey(workOrder);

    public void Add(MasterDataUpdate update)
    {
        foreach (var item in update.Items ?? [])
        {
            if (!string.IsNullOrWhiteSpace(item))
            {
                _items.TryAdd(item.Trim(), 0);
            }
        }

        foreach (var workOrder in update.WorkOrders ?? [])
        {
            if (!string.IsNullOrWhiteSpace(workOrder))
            {
                _workOrders.TryAdd(workOrder.Trim(), 0);
            }
        }

        if (update.AcceptAll is { } acceptAll)
        {
            _acceptAll = acceptAll;
        }
    }

    public MasterDataUpdate Snapshot() =>
        new() { Items = _items.Keys.Order().ToList(), WorkOrders = _workOrders.Keys.Order().ToList(), AcceptAll = _acceptAll };
}
