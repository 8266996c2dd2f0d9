namespace Twin.Erp.Dynamics;

/// <summary>
/// One SendMessage request: its key (in the content, for the status lookup), type and the whole JSON envelope.
/// <see cref="AlwaysLookUp"/>: order start and end, which the connector adds itself and may send again after a restart.
/// </summary>
internal sealed record D365Message(string Key, string Type, string Envelope, bool AlwaysLookUp = false);

/// <summary>One Twin document as D365 messages of one production order, in the order they must be sent.</summary>
internal sealed record D365Document(int Index, string Key, string Company, string Order, IReadOnlyList<D365Message> Messages)
{
    /// <summary>Messages of one order are processed by D365 in the order they arrive; this is that order's queue key.</summary>
    public string OrderKey => $"{Company}/{Order}";
}
