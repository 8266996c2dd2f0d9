using System.Threading.Channels;

namespace Twin.Hosting.Storage;

/// <summary>
/// Waits until either of two channels has an item, keeping at most one pending wait per channel across rounds.
/// A fresh <see cref="ChannelReader{T}.WaitToReadAsync"/> on both channels per round leaves the wait on the idle
/// channel registered until that channel gets an item: a group-commit loop that only writes (the read queue idle
/// for hours) piled up one orphaned waiter per batch — about 16,000 in four minutes of plant-scale, ~1 MB a minute
/// of heap that never came back. Here the idle channel's wait is kept and awaited again next round.
/// Not thread-safe: one instance per loop.
/// </summary>
internal sealed class EitherQueueWait<T>(ChannelReader<T> first, ChannelReader<T> second)
{
    private Task<bool>? _firstWait;
    private Task<bool>? _secondWait;
    private bool _firstDone;
    private bool _secondDone;

    /// <summary>How many channel waits this instance has started: one per round for the busy queue, one for an idle one.</summary>
    internal long WaitsStarted { get; private set; }

    /// <summary>True when either channel has an item to read; false once both are completed and empty.</summary>
    public async ValueTask<bool> WaitAsync()
    {
        while (true)
        {
            if (first.TryPeek(out _) || second.TryPeek(out _))
            {
                return true;
            }

            if (_firstDone && _secondDone)
            {
                return false;
            }

            if (!_firstDone)
            {
                _firstWait ??= Start(first);
            }

            if (!_secondDone)
            {
                _secondWait ??= Start(second);
            }

            // Task.WhenAny removes its continuation from the task that did not finish, so the kept wait gathers none.
            if (_firstWait is null)
            {
                await _secondWait!;
            }
            else if (_secondWait is null)
            {
                await _firstWait;
            }
            else
            {
                await Task.WhenAny(_firstWait, _secondWait);
            }

            Settle(ref _firstWait, ref _firstDone);
            Settle(ref _secondWait, ref _secondDone);
        }
    }

    private Task<bool> Start(ChannelReader<T> channel)
    {
        WaitsStarted++;
        return channel.WaitToReadAsync().AsTask();
    }

    // A finished wait is used up: true means an item came (the next round peeks it), false means the channel is done.
    private static void Settle(ref Task<bool>? wait, ref bool done)
    {
        if (wait is { IsCompleted: true })
        {
            done = !wait.GetAwaiter().GetResult();
            wait = null;
        }
    }
}
