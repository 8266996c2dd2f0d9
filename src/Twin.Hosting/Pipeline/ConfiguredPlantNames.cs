using Twin.Api.PlantView;
using Twin.Grains.Ingest;

namespace Twin.Hosting.Pipeline;

/// <summary>The plants of the silo's plant files, offered by the plant view's chooser (<c>/plant</c>).</summary>
internal sealed class ConfiguredPlantNames(PlantConfigurationCatalog catalog) : IPlantNames
{
    public IReadOnlyCollection<string> Plants => catalog.Plants;
}
