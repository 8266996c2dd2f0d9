using System.Diagnostics;
using Twin.Cli.Api;

namespace Twin.Cli.Erp;

/// <summary>
/// Progress of a replay on stderr, one line every <see cref="Interval"/> at most (plain lines rather than a
/// redrawn one, so a log or a CI job shows it as well as a terminal). Booked and rejected counts are the plant's
/// counters since the replay began, so documents the queue booked for other work meanwhile count too.
/// </summary>
internal sealed class ReplayProgress(TextWriter error)
{
    private static readonly TimeSpan Interval = TimeSpan.FromSeconds(2);
    private static readonly TimeSpan Poll = TimeSpan.FromMilliseconds(250);

    private readonly Stopwatch _clock = Stopwatch.StartNew();
    private TimeSpan _lastLine = TimeSpan.Zero;

    /// <summary>While keys are posted one by one: "sent 120 of 500".</summary>
    public async Task ReportSentAsync(int sent, int total)
    {
        if (total > 1 && (sent == total || Due()))
        {
            await error.WriteLineAsync($"# replay: sent {sent} of {total}");
        }
    }

    /// <summary>
    /// Polls the plant's ERP figures until <paramref name="replayed"/> transactions were booked or dead-lettered
    /// again since <paramref name="before"/>, or the queue is empty; false when <paramref name="limit"/> passed first.
    /// </summary>
    public async Task<bool> FollowAsync(ApiContext api, ErpFigures before, int replayed, TimeSpan limit, CancellationToken cancellationToken)
    {
        var started = _clock.Elapsed;
        _lastLine = started;
        while (true)
        {
            var now = await ErpFigures.ReadAsync(api, cancellationToken);
            var booked = now.Posted - before.Posted;
            var rejected = now.DeadLettered - before.DeadLettered;
            var done = booked + rejected >= replayed || (now.Pending == 0 && now.InFlight == 0);
            var timedOut = !done && _clock.Elapsed - started > limit;
            if (done || timedOut || Due())
            {
                await error.WriteLineAsync($"# replay: {booked} booked, {rejected} rejected again, {now.Pending} pending in the queue ({(_clock.Elapsed - started).TotalSeconds:0} s)");
            }

            if (done)
            {
                if (rejected > 0)
                {
                    await error.WriteLineAsync($"The ERP rejected {rejected} again; see why with: twin erp dead-letters --plant {api.Plant}");
                }

                return true;
            }

            if (timedOut)
            {
                await error.WriteLineAsync($"Still {now.Pending} pending after {limit.TotalSeconds:0} s; the queue goes on by itself (twin erp status --plant {api.Plant}); if it does not move, the ERP may be unreachable.");
                return false;
            }

            try
            {
                await Task.Delay(Poll, cancellationToken);
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                // Ctrl+C while watching: the replay is done, only the watching stops.
                await error.WriteLineAsync($"Stopped watching with {now.Pending} pending; the queue goes on by itself (twin erp status --plant {api.Plant}).");
                return true;
            }
        }
    }

    private bool Due()
    {
        if (_clock.Elapsed - _lastLine < Interval)
        {
            return false;
        }

        _lastLine = _clock.Elapsed;
        return true;
    }
}
