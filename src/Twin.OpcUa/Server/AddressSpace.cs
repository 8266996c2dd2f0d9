using System.Collections.Concurrent;
using Twin.OpcUa.Encoding;
using Twin.OpcUa.Services;

namespace Twin.OpcUa.Server;

/// <summary>
/// The nodes a server exposes: the standard Root/Objects/Types/Views/Server skeleton plus the
/// folders and variables application code adds. Thread-safe; lookups are lock-free.
/// </summary>
public sealed class AddressSpace
{
    private readonly ConcurrentDictionary<NodeId, AddressSpaceNode> _nodes = new();
    private readonly List<string> _namespaces = ["http://opcfoundation.org/UA/"];
    private readonly DateTime _startTime = DateTime.UtcNow;

    internal AddressSpace(string applicationNamespace)
    {
        _namespaces.Add(applicationNamespace);
        AddStandardNodes();
    }

    /// <summary>Namespace index of the application namespace (1).</summary>
    public ushort ApplicationNamespaceIndex => 1;

    /// <summary>Namespace URIs by index.</summary>
    public IReadOnlyList<string> NamespaceUris
    {
        get
        {
            lock (_namespaces)
            {
                return _namespaces.ToArray();
            }
        }
    }

    /// <summary>Number of nodes.</summary>
    public int Count => _nodes.Count;

    /// <summary>Adds a namespace URI (or finds it) and returns its index.</summary>
    public ushort RegisterNamespace(string uri)
    {
        ArgumentException.ThrowIfNullOrEmpty(uri);
        lock (_namespaces)
        {
            var index = _namespaces.IndexOf(uri);
            if (index < 0)
            {
                _namespaces.Add(uri);
                index = _namespaces.Count - 1;
            }

            return (ushort)index;
        }
    }

    /// <summary>Finds a node.</summary>
    public bool TryGetNode(NodeId nodeId, out AddressSpaceNode node) => _nodes.TryGetValue(nodeId, out node!);

    /// <summary>Finds a variable.</summary>
    /// <exception cref="KeyNotFoundException">No variable has that id.</exception>
    public VariableNode GetVariable(NodeId nodeId) =>
        _nodes.TryGetValue(nodeId, out var node) && node is VariableNode variable
            ? variable
            : throw new KeyNotFoundException($"No variable {nodeId} in the address space.");

    /// <summary>Adds a folder under <paramref name="parent"/> (Organizes reference).</summary>
    /// <exception cref="ArgumentException">The id is taken or the parent does not exist.</exception>
    public ObjectNode AddFolder(NodeId parent, NodeId nodeId, string browseName, string? displayName = null)
    {
        var node = new ObjectNode(nodeId, new QualifiedName(nodeId.NamespaceIndex, browseName), new LocalizedText(null, displayName ?? browseName), WellKnownNodes.FolderType);
        Add(parent, WellKnownNodes.Organizes, node);
        return node;
    }

    /// <summary>Adds an object of BaseObjectType (e.g. a machine) under <paramref name="parent"/> (Organizes reference).</summary>
    public ObjectNode AddObject(NodeId parent, NodeId nodeId, string browseName, string? displayName = null)
    {
        var node = new ObjectNode(nodeId, new QualifiedName(nodeId.NamespaceIndex, browseName), new LocalizedText(null, displayName ?? browseName), WellKnownNodes.BaseObjectType);
        Add(parent, WellKnownNodes.Organizes, node);
        return node;
    }

    /// <summary>
    /// Adds a variable under <paramref name="parent"/> (HasComponent reference). The data type and
    /// value rank follow <paramref name="initialValue"/> (a null value makes it BaseDataType, any rank).
    /// </summary>
    public VariableNode AddVariable(NodeId parent, NodeId nodeId, string browseName, Variant initialValue, bool writable = false, string? displayName = null)
    {
        var dataType = initialValue.IsNull ? new NodeId(24) : new NodeId((uint)initialValue.Type);
        var rank = initialValue.IsNull ? -2 : initialValue.IsArray ? Math.Max(1, initialValue.ArrayDimensions?.Length ?? 1) : -1;
        var now = DateTime.UtcNow;
        var node = new VariableNode(nodeId, new QualifiedName(nodeId.NamespaceIndex, browseName), new LocalizedText(null, displayName ?? browseName),
            dataType, rank, writable, new DataValue(initialValue, StatusCode.Good, now, now));
        Add(parent, WellKnownNodes.HasComponent, node);
        return node;
    }

    /// <summary>Sets a variable's value (thread-safe).</summary>
    /// <exception cref="KeyNotFoundException">No variable has that id.</exception>
    public void SetValue(NodeId nodeId, Variant value, StatusCode status = default, DateTime? sourceTimestamp = null) =>
        GetVariable(nodeId).SetValue(value, status, sourceTimestamp);

    private void Add(NodeId parent, NodeId referenceType, AddressSpaceNode node)
    {
        if (!_nodes.TryGetValue(parent, out var parentNode))
        {
            throw new ArgumentException($"Parent node {parent} does not exist; add it first.", nameof(parent));
        }

        if (!_nodes.TryAdd(node.NodeId, node))
        {
            throw new ArgumentException($"Node id {node.NodeId} is already used.", nameof(node));
        }

        parentNode.AddReference(new NodeReference(referenceType, true, node.NodeId));
        node.AddReference(new NodeReference(referenceType, false, parent));
        node.AddReference(new NodeReference(WellKnownNodes.HasTypeDefinition, true, node.TypeDefinition));
    }

    private void AddStandardNodes()
    {
        var root = new ObjectNode(WellKnownNodes.RootFolder, new QualifiedName(0, "Root"), "Root", WellKnownNodes.FolderType);
        _nodes[root.NodeId] = root;
        root.AddReference(new NodeReference(WellKnownNodes.HasTypeDefinition, true, WellKnownNodes.FolderType));
        AddFolder(WellKnownNodes.RootFolder, WellKnownNodes.ObjectsFolder, "Objects");
        AddFolder(WellKnownNodes.RootFolder, WellKnownNodes.TypesFolder, "Types");
        AddFolder(WellKnownNodes.RootFolder, WellKnownNodes.ViewsFolder, "Views");
        var server = new ObjectNode(WellKnownNodes.Server, new QualifiedName(0, "Server"), "Server", WellKnownNodes.ServerType);
        Add(WellKnownNodes.ObjectsFolder, WellKnownNodes.Organizes, server);
        AddDynamic(WellKnownNodes.Server, WellKnownNodes.NamespaceArray, "NamespaceArray", new NodeId(12), 1,
            () => Stamp(Variant.FromArray(BuiltInType.String, NamespaceUris.ToArray())));
        var status = new ObjectNode(new NodeId(2256), new QualifiedName(0, "ServerStatus"), "ServerStatus", WellKnownNodes.BaseObjectType);
        Add(WellKnownNodes.Server, WellKnownNodes.HasComponent, status);
        AddDynamic(status.NodeId, new NodeId(2257), "StartTime", new NodeId(13), -1, () => Stamp(new Variant(_startTime)));
        AddDynamic(status.NodeId, WellKnownNodes.ServerStatusCurrentTime, "CurrentTime", new NodeId(13), -1, () => Stamp(new Variant(DateTime.UtcNow)));
        // ServerState enumeration: 0 = Running.
        AddDynamic(status.NodeId, WellKnownNodes.ServerStatusState, "State", new NodeId(852), -1, () => Stamp(new Variant(0)));
    }

    private static DataValue Stamp(Variant value)
    {
        var now = DateTime.UtcNow;
        return new DataValue(value, StatusCode.Good, now, now);
    }

    private void AddDynamic(NodeId parent, NodeId nodeId, string name, NodeId dataType, int rank, Func<DataValue> value)
    {
        var node = new VariableNode(nodeId, new QualifiedName(0, name), name, dataType, rank, false, default, value);
        Add(parent, WellKnownNodes.HasComponent, node);
    }
}
