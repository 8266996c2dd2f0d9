namespace PlantSimulator.TagMap;

/// <summary>
/// A tag map: which OPC UA node feeds which signal of which machine twin. Onboarding a plant is
/// writing one of these, not code. Serialised as camelCase JSON.
/// </summary>
/// <param name="Plant">Plant id, e.g. "plant-1".</param>
/// <param name="Connections">One entry per OPC UA server to subscribe to.</param>
public sealed record TagMapDocument(string Plant, IReadOnlyList<TagMapConnection> Connections);

/// <summary>One OPC UA server and the tags read from it.</summary>
/// <param name="Name">Connection name, unique in the plant (it names the ingest grain).</param>
/// <param name="EndpointUrl">e.g. opc.tcp://localhost:4840/twin/plant</param>
/// <param name="PublishingIntervalMs">Requested subscription publishing interval.</param>
/// <param name="SamplingIntervalMs">Requested sampling interval of every monitored item.</param>
/// <param name="Tags">The nodes to monitor.</param>
public sealed record TagMapConnection(
    string Name,
    string EndpointUrl,
    int PublishingIntervalMs,
    int SamplingIntervalMs,
    IReadOnlyList<TagMapEntry> Tags)
{
    /// <summary>None when the simulator offers only that (written out: the silo refuses an unsecured connection otherwise); null = the best offered.</summary>
    public string? SecurityPolicy { get; init; }
}

/// <summary>One monitored node: <c>ns=2;s=Line1.Press3.GoodCount</c> → machine "press-3", signal "GoodCount".</summary>
public sealed record TagMapEntry(string NodeId, string Machine, string Signal);
