namespace Twin.OpcUa.Encoding;

/// <summary>A <see cref="NodeId"/> that may name its namespace by URI and live on another server.</summary>
/// <param name="NodeId">The local part.</param>
/// <param name="NamespaceUri">Namespace URI when given instead of the index (null otherwise).</param>
/// <param name="ServerIndex">Index into the server table; 0 is this server.</param>
public readonly record struct ExpandedNodeId(NodeId NodeId, string? NamespaceUri = null, uint ServerIndex = 0)
{
    /// <summary>True when the node lives on this server and has no namespace URI.</summary>
    public bool IsLocal => NamespaceUri is null && ServerIndex == 0;

    /// <summary>A local expanded id.</summary>
    public static implicit operator ExpandedNodeId(NodeId nodeId) => new(nodeId);

    /// <summary>Text form: <c>svr=1;nsu=uri;s=x</c> or the plain node id.</summary>
    public override string ToString()
    {
        var text = NodeId.ToString();
        if (NamespaceUri is not null)
        {
            var local = NodeId.NamespaceIndex == 0 ? text : text[(text.IndexOf(';', StringComparison.Ordinal) + 1)..];
            text = $"nsu={NamespaceUri};{local}";
        }

        return ServerIndex == 0 ? text : $"svr={ServerIndex};{text}";
    }
}
