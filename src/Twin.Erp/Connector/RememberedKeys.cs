namespace Twin.Erp.Connector;

/// <summary>
/// A bounded set of idempotency keys a connector must remember, e.g. those whose post ended without an answer (looked up
/// in the ERP before they are posted again). The oldest is forgotten first (it has been retried and resolved long
/// before, in practice).
/// </summary>
internal sealed class RememberedKeys(int capacity)
{
    private readonly Lock _gate = new();
    private readonly HashSet<string> _keys = new(StringComparer.Ordinal);
    private readonly Queue<string> _order = new();

    public void Add(string key)
    {
        lock (_gate)
        {
            if (!_keys.Add(key))
            {
                return;
            }

            _order.Enqueue(key);
            while (_keys.Count > capacity && _order.TryDequeue(out var oldest))
            {
                _keys.Remove(oldest);
            }

            // Resolved keys leave stale slots behind; drop them before the queue outgrows the set by much.
            if (_order.Count > 2 * capacity)
            {
                var live = _order.Where(_keys.Contains).Distinct(StringComparer.Ordinal).ToList();
                _order.Clear();
                live.ForEach(_order.Enqueue);
            }
        }
    }

    public bool Contains(string key)
    {
        lock (_gate)
        {
            return _keys.Contains(key);
        }
    }

    /// <summary>The outcome is known now (booked, found, or rejected).</summary>
    public void Resolve(string key)
    {
        lock (_gate)
        {
            _keys.Remove(key); // Its queue slot lapses when it reaches the front.
        }
    }
}
