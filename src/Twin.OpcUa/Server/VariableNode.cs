using Twin.OpcUa.Encoding;
using Twin.OpcUa.Services;

namespace Twin.OpcUa.Server;

/// <summary>
/// A variable (tag). Application code updates it with <see cref="SetValue(Variant, StatusCode, DateTime?)"/>
/// from any thread; monitored items see each change. Reads take a consistent snapshot.
/// </summary>
public sealed class VariableNode : AddressSpaceNode
{
    private readonly object _gate = new();
    private DataValue _value;
    private Sampling.MonitoredItemState[] _listeners = [];
    private readonly Func<DataValue>? _dynamicValue;

    internal VariableNode(NodeId nodeId, QualifiedName browseName, LocalizedText displayName, NodeId dataType, int valueRank, bool writable, DataValue initial, Func<DataValue>? dynamicValue = null)
        : base(nodeId, browseName, displayName, Services.WellKnownNodes.BaseDataVariableType)
    {
        DataType = dataType;
        ValueRank = valueRank;
        Writable = writable;
        _value = initial;
        _dynamicValue = dynamicValue;
    }

    /// <inheritdoc/>
    public override NodeClass NodeClass => NodeClass.Variable;
    /// <summary>Data type node id (i=11 Double, i=24 BaseDataType = any).</summary>
    public NodeId DataType { get; }
    /// <summary>-1 scalar, 1 one-dimensional array, n ≥ 1 dimensions, -2 any.</summary>
    public int ValueRank { get; }
    /// <summary>Whether clients may write the value.</summary>
    public bool Writable { get; }

    /// <summary>Raised after a client wrote the value (not for <see cref="SetValue(Variant, StatusCode, DateTime?)"/>).</summary>
    public event EventHandler<DataValue>? Written;

    /// <summary>The current value.</summary>
    public DataValue Value
    {
        get
        {
            if (_dynamicValue is not null)
            {
                return _dynamicValue();
            }

            lock (_gate)
            {
                return _value;
            }
        }
    }

    /// <summary>Updates the value; subscribers see the change at their next sample.</summary>
    public void SetValue(Variant value, StatusCode status = default, DateTime? sourceTimestamp = null)
    {
        var now = DateTime.UtcNow;
        SetValue(new DataValue(value, status, sourceTimestamp ?? now, now));
    }

    /// <summary>Updates value, status and time stamps at once.</summary>
    public void SetValue(DataValue value)
    {
        Sampling.MonitoredItemState[] listeners;
        lock (_gate)
        {
            _value = value;
            listeners = _listeners;
        }

        foreach (var listener in listeners)
        {
            listener.OnValueChanged(value);
        }
    }

    internal void AddListener(Sampling.MonitoredItemState item)
    {
        lock (_gate)
        {
            _listeners = [.. _listeners, item];
        }
    }

    internal void RemoveListener(Sampling.MonitoredItemState item)
    {
        lock (_gate)
        {
            _listeners = _listeners.Where(l => !ReferenceEquals(l, item)).ToArray();
        }
    }

    internal StatusCode Write(DataValue value)
    {
        if (!Writable)
        {
            return StatusCode.BadNotWritable;
        }

        var builtIn = DataType.NamespaceIndex == 0 && DataType.IdType == NodeIdType.Numeric && DataType.NumericIdentifier <= 25 ? (BuiltInType)DataType.NumericIdentifier : BuiltInType.Variant;
        if (builtIn is not (BuiltInType.Variant or BuiltInType.Null) && value.Value.Type != builtIn)
        {
            return StatusCode.BadTypeMismatch;
        }

        if (ValueRank == -1 && value.Value.IsArray || ValueRank >= 1 && !value.Value.IsArray)
        {
            return StatusCode.BadTypeMismatch;
        }

        var now = DateTime.UtcNow;
        var stored = new DataValue(value.Value, value.StatusCode, value.SourceTimestamp == default ? now : value.SourceTimestamp, now);
        SetValue(stored);
        Written?.Invoke(this, stored);
        return StatusCode.Good;
    }

    internal override DataValue ReadAttribute(uint attributeId, TimestampsToReturn timestamps, DateTime now)
    {
        switch (attributeId)
        {
            case AttributeIds.Value:
                var value = Value;
                return new DataValue(value.Value, value.StatusCode,
                    timestamps is TimestampsToReturn.Source or TimestampsToReturn.Both ? value.SourceTimestamp : default,
                    timestamps is TimestampsToReturn.Server or TimestampsToReturn.Both ? now : default);
            case AttributeIds.DataType: return Good(new Variant(DataType), now);
            case AttributeIds.ValueRank: return Good(new Variant(ValueRank), now);
            case AttributeIds.ArrayDimensions: return Good(Variant.FromArray(BuiltInType.UInt32, ValueRank >= 1 ? new uint[ValueRank] : Array.Empty<uint>()), now);
            case AttributeIds.AccessLevel:
            case AttributeIds.UserAccessLevel: return Good(new Variant((byte)(Writable ? 3 : 1)), now);
            case AttributeIds.MinimumSamplingInterval: return Good(new Variant(0.0), now);
            case AttributeIds.Historizing: return Good(new Variant(false), now);
            default: return base.ReadAttribute(attributeId, timestamps, now);
        }
    }
}
