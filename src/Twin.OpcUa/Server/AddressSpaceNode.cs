using Twin.OpcUa.Encoding;
using Twin.OpcUa.Services;

namespace Twin.OpcUa.Server;

/// <summary>A reference from one node to another.</summary>
/// <param name="ReferenceTypeId">Reference type (Organizes, HasComponent …).</param>
/// <param name="IsForward">Direction as seen from the owning node.</param>
/// <param name="TargetId">The other node.</param>
public readonly record struct NodeReference(NodeId ReferenceTypeId, bool IsForward, NodeId TargetId);

/// <summary>A node in the server's address space: an object (folder) or a variable (tag).</summary>
public abstract class AddressSpaceNode
{
    private readonly List<NodeReference> _references = [];

    internal AddressSpaceNode(NodeId nodeId, QualifiedName browseName, LocalizedText displayName, NodeId typeDefinition)
    {
        NodeId = nodeId;
        BrowseName = browseName;
        DisplayName = displayName;
        TypeDefinition = typeDefinition;
    }

    /// <summary>The node's id.</summary>
    public NodeId NodeId { get; }
    /// <summary>Its class.</summary>
    public abstract NodeClass NodeClass { get; }
    /// <summary>Browse name.</summary>
    public QualifiedName BrowseName { get; }
    /// <summary>Display name.</summary>
    public LocalizedText DisplayName { get; }
    /// <summary>Description.</summary>
    public LocalizedText Description { get; init; }
    /// <summary>Type definition (FolderType, BaseDataVariableType …).</summary>
    public NodeId TypeDefinition { get; }

    /// <summary>A snapshot of the node's references.</summary>
    public IReadOnlyList<NodeReference> References
    {
        get
        {
            lock (_references)
            {
                return _references.ToArray();
            }
        }
    }

    internal void AddReference(NodeReference reference)
    {
        lock (_references)
        {
            _references.Add(reference);
        }
    }

    internal virtual DataValue ReadAttribute(uint attributeId, TimestampsToReturn timestamps, DateTime now) => attributeId switch
    {
        AttributeIds.NodeId => Good(new Variant(NodeId), now),
        AttributeIds.NodeClass => Good(new Variant((int)NodeClass), now),
        AttributeIds.BrowseName => Good(new Variant(BrowseName), now),
        AttributeIds.DisplayName => Good(new Variant(DisplayName), now),
        AttributeIds.Description => Good(new Variant(Description), now),
        AttributeIds.WriteMask or AttributeIds.UserWriteMask => Good(new Variant(0u), now),
        _ => new DataValue(Variant.Null, StatusCode.BadAttributeIdInvalid),
    };

    private protected static DataValue Good(Variant value, DateTime now) => new(value, StatusCode.Good, default, now);
}

/// <summary>An object node; folders are objects of FolderType.</summary>
public sealed class ObjectNode : AddressSpaceNode
{
    internal ObjectNode(NodeId nodeId, QualifiedName browseName, LocalizedText displayName, NodeId typeDefinition)
        : base(nodeId, browseName, displayName, typeDefinition)
    {
    }

    /// <inheritdoc/>
    public override NodeClass NodeClass => NodeClass.Object;

    internal override DataValue ReadAttribute(uint attributeId, TimestampsToReturn timestamps, DateTime now) =>
        attributeId == AttributeIds.EventNotifier ? Good(new Variant((byte)0), now) : base.ReadAttribute(attributeId, timestamps, now);
}
