using Twin.OpcUa.Encoding;

namespace Twin.OpcUa.Server.Sampling;

/// <summary>
/// The queued values of one monitored item, oldest first, in a ring that grows on demand. Both ends
/// are O(1): when a busy tag overflows a large queue (up to 10,000) and discards its oldest value on
/// every change, that costs no more than appending — exactly when the server can least afford it.
/// Not thread-safe; the subscription's gate guards it.
/// </summary>
internal sealed class ValueQueue
{
    private DataValue[] _items = [];
    private int _head;

    public int Count { get; private set; }

    public ref DataValue Oldest => ref _items[_head];

    public ref DataValue Newest => ref _items[Index(Count - 1)];

    public void Add(DataValue value)
    {
        if (Count == _items.Length)
        {
            Grow();
        }

        _items[Index(Count)] = value;
        Count++;
    }

    public DataValue RemoveOldest()
    {
        var value = _items[_head];
        _items[_head] = default; // drop references (strings, arrays) held by the value
        _head = Index(1);
        Count--;
        return value;
    }

    public void Clear()
    {
        Array.Clear(_items);
        _head = 0;
        Count = 0;
    }

    private int Index(int offset)
    {
        var i = _head + offset;
        return i >= _items.Length ? i - _items.Length : i;
    }

    private void Grow()
    {
        var bigger = new DataValue[Math.Max(4, _items.Length * 2)];
        for (var i = 0; i < Count; i++)
        {
            bigger[i] = _items[Index(i)];
        }

        _items = bigger;
        _head = 0;
    }
}
