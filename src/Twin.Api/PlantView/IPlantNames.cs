namespace Twin.Api.PlantView;

/// <summary>
/// Plants the silo knows by configuration (its plant files), offered on <c>/plant</c> when the caller names none.
/// The host registers one; without it the page asks for a plant id.
/// </summary>
public interface IPlantNames
{
    /// <summary>The plant ids, in any order.</summary>
    IReadOnlyCollection<string> Plants { get; }
}
