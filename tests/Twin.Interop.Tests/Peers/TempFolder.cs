namespace Twin.Interop.Tests.Peers;

/// <summary>Removes a peer's temporary PKI folder once its process is gone.</summary>
internal static class TempFolder
{
    /// <summary>
    /// Deletes <paramref name="path"/>. A node process killed a moment ago may still have a file
    /// handle closing in the kernel, so a failed delete is retried briefly before it is reported.
    /// </summary>
    public static async Task DeleteAsync(string path)
    {
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                if (Directory.Exists(path))
                {
                    Directory.Delete(path, recursive: true);
                }

                return;
            }
            catch (IOException) when (attempt < 5)
            {
                await Task.Delay(100 * attempt);
            }
        }
    }
}
