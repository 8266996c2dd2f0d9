using Microsoft.Extensions.Logging;

namespace Twin.Grains.Twins;

/// <summary>
/// Sends a twin's listing to its plant directory. A failure must not fail the command that already
/// succeeded: it is logged, and the next change of the twin sends a newer listing anyway.
/// </summary>
internal static class DirectoryUpdates
{
    /// <summary>True when the directory has the listing (false: no plant, or the update failed and was logged).</summary>
    public static async Task<bool> Send(IGrainFactory grains, string plant, ILogger logger, Func<IPlantDirectoryGrain, Task> update)
    {
        if (string.IsNullOrEmpty(plant))
        {
            return false;
        }
        try
        {
            await update(grains.GetGrain<IPlantDirectoryGrain>(plant));
            return true;
        }
        catch (Exception error) when (error is not OperationCanceledException)
        {
            // One line, no stack trace: the cause (a silo leaving, a rebalance) is in the message, and nothing is lost.
            logger.LogWarning("Updating the directory of plant {Plant} failed ({Reason}); the next change re-sends the listing",
                plant, FailureReason.Of(error));
            return false;
        }
    }
}
