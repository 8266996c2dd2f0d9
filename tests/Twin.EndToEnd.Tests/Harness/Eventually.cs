namespace Twin.EndToEnd.Tests.Harness;

/// <summary>
/// Polling with a deadline, the last resort where no signal exists (another process's state). The failure
/// says what was awaited and what was last seen, so a red test explains itself.
/// </summary>
internal static class Eventually
{
    private static readonly TimeSpan Interval = TimeSpan.FromMilliseconds(150);

    public static async Task<T> Until<T>(Func<Task<T>> probe, Func<T, bool> done, TimeSpan timeout, string waitingFor, Func<T, string>? describe = null)
    {
        var deadline = DateTime.UtcNow + timeout;
        T last = default!;
        Exception? lastError = null;
        while (true)
        {
            try
            {
                last = await probe();
                lastError = null;
                if (done(last))
                {
                    return last;
                }
            }
            catch (HttpRequestException error)
            {
                lastError = error; // The other process may be restarting.
            }
            catch (TaskCanceledException error)
            {
                lastError = error;
            }

            if (DateTime.UtcNow >= deadline)
            {
                var seen = lastError is not null ? $"last attempt failed: {lastError.Message}" : $"last seen: {(describe is null ? last?.ToString() : describe(last))}";
                throw new TimeoutException($"Waited {timeout.TotalSeconds:0} s for {waitingFor}; {seen}");
            }

            await Task.Delay(Interval);
        }
    }
}
