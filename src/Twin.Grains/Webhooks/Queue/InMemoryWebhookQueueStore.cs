namespace Twin.Grains.Webhooks.Queue;

/// <summary>
/// Webhook queues in process memory (embedded profile and test clusters): survive grain deactivation, not a
/// restart. Message ids are remembered for <see cref="RememberedIds"/> messages per queue to drop redeliveries.
/// </summary>
public sealed class InMemoryWebhookQueueStore : IWebhookQueueStore
{
    public const int RememberedIds = 100_000;

    private readonly Dictionary<string, Queue> _queues = new(StringComparer.Ordinal);
    private readonly Lock _lock = new();

    public Task<int> AppendAsync(string queue, IReadOnlyList<WebhookMessage> messages, CancellationToken cancellationToken = default)
    {
        lock (_lock)
        {
            var q = Get(queue);
            var added = 0;
            foreach (var message in messages)
            {
                if (!q.Ids.Add(message.MessageId))
                {
                    q.Duplicates++;
                    continue;
                }

                q.IdOrder.Enqueue(message.MessageId);
                if (q.IdOrder.Count > RememberedIds)
                {
                    q.Ids.Remove(q.IdOrder.Dequeue());
                }

                var sequence = ++q.LastSequence;
                q.Rows.Add(sequence, message with { Sequence = sequence });
                added++;
            }

            return Task.FromResult(added);
        }
    }

    public Task<IReadOnlyList<WebhookMessage>> DueAsync(string queue, DateTimeOffset now, int max, CancellationToken cancellationToken = default)
    {
        lock (_lock)
        {
            var due = new List<WebhookMessage>();
            var seen = new HashSet<string>(StringComparer.Ordinal);
            foreach (var row in Get(queue).Rows.Values)
            {
                if (row.State != WebhookMessage.Pending || !seen.Add(row.TwinKey))
                {
                    continue; // only a twin's first pending message may go
                }

                if (row.NextAttemptAt <= now)
                {
                    due.Add(row);
                    if (due.Count == max)
                    {
                        break;
                    }
                }
            }

            return Task.FromResult<IReadOnlyList<WebhookMessage>>(due);
        }
    }

    public Task RecordAsync(string queue, IReadOnlyList<WebhookAttemptOutcome> outcomes, CancellationToken cancellationToken = default)
    {
        lock (_lock)
        {
            var q = Get(queue);
            foreach (var o in outcomes)
            {
                if (!q.Rows.TryGetValue(o.Sequence, out var row))
                {
                    continue; // replayed or dropped meanwhile
                }

                q.Rows[o.Sequence] = row with
                {
                    State = o.State,
                    Attempts = row.Attempts + 1,
                    LastAttemptAt = o.AttemptedAt,
                    NextAttemptAt = o.NextAttemptAt,
                    DeliveredAt = o.State == WebhookMessage.Delivered ? o.AttemptedAt : row.DeliveredAt,
                    LastStatus = o.Status,
                    LastAnswer = o.Answer,
                };
                if (o.State == WebhookMessage.Delivered)
                {
                    q.Delivered++;
                    q.LastDeliveredAt = o.AttemptedAt;
                }
                else if (o.State == WebhookMessage.Pending)
                {
                    q.Retried++;
                }
            }

            return Task.CompletedTask;
        }
    }

    public Task<WebhookQueueCounts> CountsAsync(string queue, CancellationToken cancellationToken = default)
    {
        lock (_lock)
        {
            var q = Get(queue);
            var pending = q.Rows.Values.Where(r => r.State == WebhookMessage.Pending).ToList();
            return Task.FromResult(new WebhookQueueCounts(q.Delivered, pending.Count, pending.Count == 0 ? null : pending.Min(r => r.EnqueuedAt),
                q.Rows.Values.Count(r => r.State == WebhookMessage.DeadLetter), q.Retried, q.Duplicates, q.LastDeliveredAt));
        }
    }

    public Task<IReadOnlyList<WebhookMessage>> LogAsync(string queue, int max, CancellationToken cancellationToken = default)
    {
        lock (_lock)
        {
            return Task.FromResult<IReadOnlyList<WebhookMessage>>(Get(queue).Rows.Values.Reverse().Take(max).ToList());
        }
    }

    public Task<int> ReplayAsync(string queue, string? messageId, DateTimeOffset now, CancellationToken cancellationToken = default)
    {
        lock (_lock)
        {
            var q = Get(queue);
            var replayed = 0;
            foreach (var row in q.Rows.Values.Where(r => r.State == WebhookMessage.DeadLetter && (messageId is null || r.MessageId == messageId)).ToList())
            {
                q.Rows[row.Sequence] = row with { State = WebhookMessage.Pending, EnqueuedAt = now, NextAttemptAt = now, Attempts = 0 };
                replayed++;
            }

            return Task.FromResult(replayed);
        }
    }

    public Task TrimAsync(string queue, int keep, CancellationToken cancellationToken = default)
    {
        lock (_lock)
        {
            var q = Get(queue);
            var delivered = q.Rows.Values.Where(r => r.State == WebhookMessage.Delivered).Select(r => r.Sequence).ToList();
            foreach (var sequence in delivered.Take(Math.Max(0, delivered.Count - keep)))
            {
                q.Rows.Remove(sequence);
            }

            return Task.CompletedTask;
        }
    }

    public Task DropAsync(string queue, CancellationToken cancellationToken = default)
    {
        lock (_lock)
        {
            _queues.Remove(queue);
            return Task.CompletedTask;
        }
    }

    private Queue Get(string queue)
    {
        if (!_queues.TryGetValue(queue, out var q))
        {
            q = new Queue();
            _queues.Add(queue, q);
        }

        return q;
    }

    private sealed class Queue
    {
        public SortedDictionary<long, WebhookMessage> Rows { get; } = [];
        public HashSet<string> Ids { get; } = new(StringComparer.Ordinal);
        public Queue<string> IdOrder { get; } = new();
        public long LastSequence { get; set; }
        public long Delivered { get; set; }
        public long Retried { get; set; }
        public long Duplicates { get; set; }
        public DateTimeOffset? LastDeliveredAt { get; set; }
    }
}
