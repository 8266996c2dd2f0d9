using PlantSimulator.Simulation;
using Twin.OpcUa.Encoding;
using Twin.OpcUa.Server;
using Twin.OpcUa.Services;

namespace PlantSimulator.OpcUa;

/// <summary>
/// The simulated plant in an OPC UA address space: Objects/Line1 (folder)/Press3 (object)/GoodCount
/// … (variables). Holds the variable nodes in arrays so a tick over thousands of machines updates
/// only what changed, without lookups. WorkOrder is writable: an MES downloads orders that way.
/// </summary>
public sealed class PlantAddressSpace
{
    private static readonly Variant[] StatusTexts = Enum.GetValues<MachineStatus>().Select(s => new Variant(s.ToString())).ToArray();
    private readonly Plant _plant;
    private readonly VariableNode[][] _variables;

    private PlantAddressSpace(Plant plant, VariableNode[][] variables)
    {
        _plant = plant;
        _variables = variables;
    }

    /// <summary>Adds the plant's nodes to <paramref name="addressSpace"/> with their current values.</summary>
    /// <exception cref="InvalidOperationException">The plant namespace did not land on index 2 (the tag map assumes it).</exception>
    public static PlantAddressSpace Build(AddressSpace addressSpace, Plant plant)
    {
        ArgumentNullException.ThrowIfNull(addressSpace);
        ArgumentNullException.ThrowIfNull(plant);
        var ns = addressSpace.RegisterNamespace(PlantNodeIds.NamespaceUri);
        if (ns != PlantNodeIds.NamespaceIndex)
        {
            throw new InvalidOperationException(
                $"The plant namespace got index {ns}, not {PlantNodeIds.NamespaceIndex}; the tag map's node ids would not match. Register it first.");
        }

        var lines = new Dictionary<string, NodeId>();
        var variables = new VariableNode[plant.Machines.Count][];
        for (var m = 0; m < plant.Machines.Count; m++)
        {
            var machine = plant.Machines[m];
            if (!lines.TryGetValue(machine.Line, out var lineId))
            {
                lineId = new NodeId(machine.Line, ns);
                addressSpace.AddFolder(WellKnownNodes.ObjectsFolder, lineId, machine.Line);
                lines[machine.Line] = lineId;
            }

            var machineId = new NodeId(machine.Path, ns);
            addressSpace.AddObject(lineId, machineId, machine.Name);
            variables[m] = MachineSignals.Each
                .Select(signal => addressSpace.AddVariable(machineId, NodeId.Parse(PlantNodeIds.Variable(machine.Path, signal)), signal.ToString(),
                    ToVariant(machine, signal), writable: signal == MachineSignal.WorkOrder))
                .ToArray();

            var workOrder = variables[m][MachineSignals.Each.Count - 1];
            var target = machine;
            workOrder.Written += (_, written) =>
            {
                if (written.Value.Value is string order && !string.IsNullOrWhiteSpace(order))
                {
                    target.AssignWorkOrder(order);
                }
            };
        }

        return new PlantAddressSpace(plant, variables);
    }

    /// <summary>Machines × signals: how many variables the plant exposes.</summary>
    public int VariableCount => _variables.Length * MachineSignals.Each.Count;

    /// <summary>Copies the changed signals of machine number <paramref name="machineIndex"/> into its variables.</summary>
    /// <returns>How many variables were updated.</returns>
    public int Publish(int machineIndex, MachineSignal changed, DateTime sourceTimestamp)
    {
        var machine = _plant.Machines[machineIndex];
        var nodes = _variables[machineIndex];
        var updated = 0;
        for (var i = 0; i < nodes.Length; i++)
        {
            var signal = MachineSignals.Each[i];
            if ((changed & signal) != 0)
            {
                nodes[i].SetValue(ToVariant(machine, signal), StatusCode.Good, sourceTimestamp);
                updated++;
            }
        }

        return updated;
    }

    private static Variant ToVariant(SimulatedMachine machine, MachineSignal signal) => signal switch
    {
        MachineSignal.GoodCount => new Variant(machine.GoodCount),
        MachineSignal.ScrapCount => new Variant(machine.ScrapCount),
        MachineSignal.Temperature => new Variant(machine.Temperature),
        MachineSignal.Speed => new Variant(machine.Speed),
        MachineSignal.Status => StatusTexts[(int)machine.Status],
        MachineSignal.Running => new Variant(machine.Running),
        MachineSignal.WorkOrder => new Variant(machine.WorkOrder),
        _ => throw new ArgumentOutOfRangeException(nameof(signal), signal, "Pass exactly one signal."),
    };
}
