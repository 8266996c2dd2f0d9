using System.Threading.Channels;
using Twin.Hosting.Storage;
using Xunit;

namespace Twin.Integration.Tests.Platform;

/// <summary>
/// The group-commit loops' wait on the read and write queues: it wakes for either queue, ends only when both are
/// completed, and a loop that only ever writes does not pile up waits on the idle read queue (the heap growth seen on
/// plant-scale runs before).
/// </summary>
public sealed class EitherQueueWaitTests
{
    [Fact]
    public async Task Wakes_for_an_item_in_either_queue()
    {
        var reads = Channel.CreateUnbounded<int>();
        var writes = Channel.CreateUnbounded<int>();
        var wait = new EitherQueueWait<int>(reads.Reader, writes.Reader);

        var pending = wait.WaitAsync();
        Assert.False(pending.IsCompleted);
        writes.Writer.TryWrite(1);
        Assert.True(await pending.AsTask().WaitAsync(TimeSpan.FromSeconds(10)));
        Assert.True(writes.Reader.TryRead(out _));

        pending = wait.WaitAsync();
        reads.Writer.TryWrite(2);
        Assert.True(await pending.AsTask().WaitAsync(TimeSpan.FromSeconds(10)));
    }

    [Fact]
    public async Task Ends_only_when_both_queues_are_completed_and_empty()
    {
        var reads = Channel.CreateUnbounded<int>();
        var writes = Channel.CreateUnbounded<int>();
        var wait = new EitherQueueWait<int>(reads.Reader, writes.Reader);

        reads.Writer.Complete();
        var pending = wait.WaitAsync();
        await Task.Delay(50);
        Assert.False(pending.IsCompleted);
        writes.Writer.TryWrite(1);
        Assert.True(await pending.AsTask().WaitAsync(TimeSpan.FromSeconds(10)));
        Assert.True(writes.Reader.TryRead(out _));

        writes.Writer.Complete();
        Assert.False(await wait.WaitAsync().AsTask().WaitAsync(TimeSpan.FromSeconds(10)));
    }

    [Fact]
    public async Task A_loop_that_only_writes_keeps_one_wait_on_the_idle_queue()
    {
        var reads = Channel.CreateUnbounded<object>();
        var writes = Channel.CreateUnbounded<object>();
        var wait = new EitherQueueWait<object>(reads.Reader, writes.Reader);
        var item = new object();

        await Rounds(100_000);

        // A fresh wait per round on both queues left the idle queue's waits registered (~200 bytes each, about 20 MB
        // of live heap over these rounds); one wait per round on the busy queue plus one kept on the idle queue.
        Assert.Equal(100_001, wait.WaitsStarted);

        async Task Rounds(int count)
        {
            for (var i = 0; i < count; i++)
            {
                var pending = wait.WaitAsync();
                writes.Writer.TryWrite(item);
                Assert.True(await pending);
                Assert.True(writes.Reader.TryRead(out _));
            }
        }
    }
}
