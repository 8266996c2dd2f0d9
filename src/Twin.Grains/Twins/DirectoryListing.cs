namespace Twin.Grains.Twins;

/// <summary>
/// The listing a twin last had stored in its plant directory, compared without its version, so a write that
/// changes no listed field (a work order's production report, a machine's live values) sends nothing: every twin
/// write used to update its directory row too, one grain call and one upsert (~2 % of the server's statement
/// time in erp-e2e) for a row that did not change. The directory keeps the version of the last listed change,
/// which still orders updates (a later change has a higher version). Per activation: a new activation sends its
/// listing with its first change; a failed send is not remembered, so the next change sends again. Sends may
/// overlap (interleaving calls): what is remembered is the highest version the directory confirmed, the one it keeps.
/// </summary>
internal sealed class DirectoryListing<T>
    where T : class
{
    private T? _stored;
    private long _storedVersion = long.MinValue;

    /// <summary>
    /// Sends the listing of <paramref name="version"/> (by <paramref name="update"/>) unless its <paramref name="unversioned"/>
    /// form (the listing with its version zeroed) is the one stored last.
    /// </summary>
    public async Task Send(IGrainFactory grains, string plant, Microsoft.Extensions.Logging.ILogger logger, long version, T unversioned,
        Func<IPlantDirectoryGrain, Task> update)
    {
        if (Equals(_stored, unversioned))
        {
            return;
        }

        if (await DirectoryUpdates.Send(grains, plant, logger, update) && version > _storedVersion)
        {
            _stored = unversioned;
            _storedVersion = version;
        }
    }
}
