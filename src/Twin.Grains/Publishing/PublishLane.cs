using Microsoft.Extensions.Logging;
using Orleans.Streams;
using Twin.Grains.Twins;

namespace Twin.Grains.Publishing;

/// <summary>
/// The queue of one stream (one plant's twin-changes or erp-outbox stream): twins hand in their events and await a
/// ticket; the lane sends what has queued as ONE <c>OnNextBatchAsync</c> (one ADO.NET queue row, one commit, instead
/// of one per event) and completes every ticket in it, or fails every ticket when the send fails, so each twin keeps
/// its events in its durable outbox. One batch is in flight at a time: while it is, the next one collects, so the
/// batch grows with the load and an idle lane sends a lone event after only <see cref="PublishingOptions.Linger"/>.
/// A ticket is never split, so a twin's events stay together and in order.
/// </summary>
internal sealed partial class PublishLane<T>(IAsyncStream<T> stream, PublishingOptions options, ILogger logger)
{
    private readonly Lock _gate = new();
    private readonly Queue<Ticket> _queued = new();
    private int _queuedEvents;
    private bool _sending;

    /// <summary>Queues <paramref name="events"/> (in order) and completes when the batch holding them is on the stream.</summary>
    public Task Enqueue(IReadOnlyList<T> events)
    {
        var ticket = new Ticket(events);
        bool start;
        lock (_gate)
        {
            _queued.Enqueue(ticket);
            _queuedEvents += events.Count;
            start = !_sending;
            _sending = true;
        }

        if (start)
        {
            // On the thread pool, without the caller's execution context: the lane serves many grains, and the
            // RequestContext of whichever twin happened to start it must not travel with everybody's events.
            using (ExecutionContext.SuppressFlow())
            {
                _ = Task.Run(SendAll);
            }
        }

        return ticket.Done.Task;
    }

    private async Task SendAll()
    {
        if (options.Linger > TimeSpan.Zero && QueuedEvents() < options.MaxBatchEvents)
        {
            await Task.Delay(options.Linger);
        }

        while (true)
        {
            List<Ticket> tickets;
            List<T> batch;
            lock (_gate)
            {
                if (_queued.Count == 0)
                {
                    _sending = false;
                    return;
                }

                tickets = [];
                batch = new List<T>(Math.Min(_queuedEvents, options.MaxBatchEvents));
                // Whole tickets up to the batch limit; a ticket larger than the limit goes alone.
                while (_queued.TryPeek(out var next) && (batch.Count == 0 || batch.Count + next.Events.Count <= options.MaxBatchEvents))
                {
                    _queued.Dequeue();
                    _queuedEvents -= next.Events.Count;
                    tickets.Add(next);
                    batch.AddRange(next.Events);
                }
            }

            try
            {
                await stream.OnNextBatchAsync(batch);
            }
            catch (Exception error)
            {
                LogSendFailed(batch.Count, stream.StreamId.ToString(), FailureReason.Of(error));
                foreach (var ticket in tickets)
                {
                    ticket.Done.TrySetException(error);
                }

                continue;
            }

            PublishingMetrics.Batches.Add(1);
            PublishingMetrics.Events.Add(batch.Count);
            foreach (var ticket in tickets)
            {
                ticket.Done.TrySetResult();
            }
        }
    }

    private int QueuedEvents()
    {
        lock (_gate)
        {
            return _queuedEvents;
        }
    }

    private sealed class Ticket(IReadOnlyList<T> events)
    {
        public IReadOnlyList<T> Events { get; } = events;

        // Continuations run elsewhere: completing a ticket must not run a grain's code on the lane's loop.
        public TaskCompletionSource Done { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Publishing a batch of {Count} twin event(s) to stream {Stream} failed ({Reason}); the twins keep them in their outbox and send them again")]
    private partial void LogSendFailed(int count, string stream, string reason);
}
