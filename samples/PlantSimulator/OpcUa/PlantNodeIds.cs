using PlantSimulator.Simulation;

namespace PlantSimulator.OpcUa;

/// <summary>
/// Node ids of the simulated plant: string ids in the simulator's namespace (index 2, the first
/// after the OPC UA and server namespaces), named by browse path: <c>ns=2;s=Line1.Press3.GoodCount</c>.
/// </summary>
public static class PlantNodeIds
{
    /// <summary>The namespace the plant's nodes live in.</summary>
    public const string NamespaceUri = "urn:twin:plant-simulator";

    /// <summary>Its index on the simulator's server.</summary>
    public const ushort NamespaceIndex = 2;

    /// <summary>The node id text of one machine signal.</summary>
    public static string Variable(string machinePath, MachineSignal signal) => $"ns={NamespaceIndex};s={machinePath}.{signal}";
}
