using System.Text.Json;

namespace ErpSimulator.MasterData;

/// <summary>Fills the catalog at start from configuration and the optional master-data file.</summary>
public static class MasterDataSeed
{
    public static void Apply(MasterDataCatalog catalog, ErpSimulatorOptions options, JsonSerializerOptions json)
    {
        catalog.Add(new MasterDataUpdate { Items = options.Items, WorkOrders = options.WorkOrders, AcceptAll = options.AcceptAll });
        if (string.IsNullOrWhiteSpace(options.MasterDataFile))
        {
            return;
        }

        var path = Path.GetFullPath(options.MasterDataFile);
        if (!File.Exists(path))
        {
            throw new InvalidOperationException(
                $"{ErpSimulatorOptions.SectionName}:MasterDataFile points to '{path}', which does not exist; give a JSON file like {{\"items\":[\"FG-100\"],\"workOrders\":[\"4711\"]}} or remove the setting.");
        }

        try
        {
            var fromFile = JsonSerializer.Deserialize<MasterDataUpdate>(File.ReadAllText(path), json)
                ?? throw new InvalidOperationException($"Master-data file '{path}' is empty (null); expected {{\"items\":[...],\"workOrders\":[...]}}.");

            // The file adds master data; only configuration decides accept-everything.
            fromFile.AcceptAll = null;
            catalog.Add(fromFile);
        }
        catch (JsonException ex)
        {
            throw new InvalidOperationException($"Master-data file '{path}' is not valid JSON ({ex.Message}); expected {{\"items\":[...],\"workOrders\":[...]}}.", ex);
        }
    }
}
