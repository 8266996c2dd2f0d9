using Microsoft.Extensions.Options;
using Twin.Domain.Ingest;

namespace Twin.Grains.Ingest;

/// <summary>
/// The plant configuration files of this silo, loaded once at start (a wrong file stops the silo with a clear
/// line). Every silo loads the same files, so an ingest grain finds its connection wherever it is activated.
/// </summary>
public sealed class PlantConfigurationCatalog
{
    private readonly Dictionary<string, (PlantConfiguration Plant, ConnectionConfiguration Connection)> _connections = new(StringComparer.Ordinal);
    private readonly Dictionary<string, List<string>> _byPlant = new(StringComparer.Ordinal);

    public PlantConfigurationCatalog(IOptions<IngestOptions> options)
        : this(options.Value.PlantFiles.Select(PlantConfigurationLoader.Load))
    {
    }

    /// <summary>For hosts and tests that build the configuration in code.</summary>
    internal PlantConfigurationCatalog(IEnumerable<PlantConfiguration> plants)
    {
        foreach (var plant in plants)
        {
            foreach (var connection in plant.Connections)
            {
                CheckNodeIds(plant, connection);
                var id = IngestConnectionId.Of(plant.Plant, connection.Name);
                if (!_connections.TryAdd(id, (plant, connection)))
                {
                    throw new PlantConfigurationException(
                        $"Connection '{connection.Name}' of plant '{plant.Plant}' is configured in two plant files; each plant belongs in one file.");
                }

                if (!_byPlant.TryGetValue(plant.Plant, out var list))
                {
                    _byPlant[plant.Plant] = list = [];
                }

                list.Add(id);
            }
        }
    }

    /// <summary>Ids of every configured connection ("plant:name").</summary>
    public IReadOnlyCollection<string> ConnectionIds => _connections.Keys;

    /// <summary>Plants with at least one connection.</summary>
    public IReadOnlyCollection<string> Plants => _byPlant.Keys;

    public IReadOnlyList<string> ConnectionsOf(string plant) => _byPlant.TryGetValue(plant, out var list) ? list : [];

    public ConnectionConfiguration? Find(string connectionId) =>
        _connections.TryGetValue(connectionId, out var entry) ? entry.Connection : null;

    /// <summary>
    /// Node ids are OPC UA text (the domain's loader only checks they are there): one the stack cannot parse stops
    /// the silo at start, each listed once with its connection, instead of showing up later as a refused tag.
    /// </summary>
    private static void CheckNodeIds(PlantConfiguration plant, ConnectionConfiguration connection)
    {
        var wrong = connection.Tags
            .Select(t => t.NodeId.Trim())
            .Where(n => !Twin.OpcUa.Encoding.NodeId.TryParse(n, out _))
            .Distinct(StringComparer.Ordinal)
            .ToList();
        if (wrong.Count > 0)
        {
            const int Shown = 10;
            var listed = string.Join(", ", wrong.Take(Shown).Select(n => $"'{n}'")) + (wrong.Count > Shown ? $" and {wrong.Count - Shown} more" : "");
            throw new PlantConfigurationException(
                $"Plant '{plant.Plant}', connection '{connection.Name}': {wrong.Count} tag(s) have a node id that is not OPC UA node id text: {listed}. Write ns=2;s=Line1.Press3.GoodCount or ns=3;i=1001.");
        }
    }
}
