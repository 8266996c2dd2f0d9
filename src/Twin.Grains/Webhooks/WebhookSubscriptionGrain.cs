using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Orleans.Streams;
using Twin.Domain.Objectives;
using Twin.Grains.Kpis;
using Twin.Grains.Webhooks.Queue;

namespace Twin.Grains.Webhooks;

/// <summary>
/// One webhook subscription (key = <c>{plant}/{id}</c>) with its own durable delivery queue. It follows the plant's
/// twin-changes stream with its own explicit subscription (its own cursor: a receiver that is slow or down never
/// holds up the stream, the plant or another subscription) and appends each matching event to its queue in the
/// <see cref="IWebhookQueueStore"/> before the stream item is let go. An interleaving timer sends the first
/// pending message of up to <see cref="WebhookOptions.MaxConcurrentDeliveries"/> twins at a time, so each twin's
/// messages arrive in order; failures wait with exponential backoff (Retry-After honoured) and become dead letters
/// after <see cref="WebhookOptions.DeadLetterAfter"/>. A reminder re-activates the grain so a queue drains after a
/// restart or a move to another silo.
/// </summary>
public sealed partial class WebhookSubscriptionGrain(
    [PersistentState("webhook", TwinProviders.DurableStorage)] IPersistentState<WebhookSubscriptionState> state,
    IServiceProvider services,
    ILogger<WebhookSubscriptionGrain> logger) : Grain, IWebhookSubscriptionGrain, IRemindable
{
    private const string KeepAliveReminder = "webhook-keep-alive";
    private static readonly TimeSpan KeepAlivePeriod = TimeSpan.FromMinutes(1);
    private static readonly TimeSpan TrimPeriod = TimeSpan.FromSeconds(30);

    /// <summary>Used when the host registered none (a bare test cluster): process memory, like the embedded profile.</summary>
    private static readonly InMemoryWebhookQueueStore FallbackStore = new();
    private static readonly Lazy<WebhookSender> FallbackSender = new(() => new WebhookSender(Options.Create(new WebhookOptions())));

    private readonly WebhookOptions _options = services.GetService<IOptions<WebhookOptions>>()?.Value ?? new WebhookOptions();
    private readonly IWebhookQueueStore _store = services.GetService<IWebhookQueueStore>() ?? FallbackStore;
    private readonly WebhookSender _sender = services.GetService<WebhookSender>() ?? FallbackSender.Value;
    private readonly TimeProvider _clock = services.GetService<TimeProvider>() ?? TimeProvider.System;
    private readonly ObjectiveRecorder? _objectives = services.GetService<ObjectiveRecorder>();

    // The events whose delivery the warehouse-movement objective measures (source time → receiver took it).
    private static readonly HashSet<string> WarehouseMovements = new(StringComparer.Ordinal)
    {
        "goods-received", "stock-issued", "stock-moved", "lot-split", "lots-merged",
    };

    private IGrainTimer? _timer;
    private bool _pumping;
    private bool _again;
    private string? _lastFailure;
    private DateTimeOffset _nextTrimAt;

    private string Queue => this.GetPrimaryKeyString();

    public override async Task OnActivateAsync(CancellationToken cancellationToken)
    {
        if (state.State.Spec is null)
        {
            await DetachAsync(); // a stream event woke a subscription that was removed
            return;
        }

        await AttachAsync();
        StartTimer();
    }

    public async Task<WebhookView> Start(string plant, string id, WebhookSpec spec, string secret)
    {
        if (state.State.Spec is null)
        {
            state.State.Plant = plant;
            state.State.Id = id;
            state.State.Spec = spec;
            state.State.Secret = secret;
            state.State.CreatedAt = _clock.GetUtcNow();
            await state.WriteStateAsync();
            await AttachAsync();
            StartTimer();
            await this.RegisterOrUpdateReminder(KeepAliveReminder, KeepAlivePeriod, KeepAlivePeriod);
        }

        return View();
    }

    public Task<WebhookView?> Describe() => Task.FromResult(state.State.Spec is null ? null : View());

    public async Task<WebhookSecretRotation?> RotateSecret()
    {
        if (state.State.Spec is null)
        {
            return null;
        }

        var now = _clock.GetUtcNow();
        state.State.PreviousSecret = state.State.Secret;
        state.State.PreviousValidUntil = now + _options.SecretGracePeriod;
        state.State.Secret = WebhookSecret.New();
        state.State.RotatedAt = now;
        await state.WriteStateAsync();
        return new WebhookSecretRotation(state.State.Id!, state.State.Secret, state.State.PreviousValidUntil.Value);
    }

    public async Task<WebhookDeliveries?> GetDeliveries(int max = 100)
    {
        if (state.State.Spec is null)
        {
            return null;
        }

        var counts = await _store.CountsAsync(Queue);
        var log = await _store.LogAsync(Queue, Math.Clamp(max, 1, 10_000));
        var now = _clock.GetUtcNow();
        var figures = new WebhookFigures(counts.Delivered, counts.Pending, counts.OldestPending is { } oldest ? now - oldest : null,
            counts.DeadLetters, counts.Retried, counts.Duplicates, counts.LastDeliveredAt, _lastFailure);
        return new WebhookDeliveries(state.State.Id!, figures, [.. log.Select(ToView)]);
    }

    public async Task<int> Replay(string? messageId)
    {
        if (state.State.Spec is null)
        {
            return 0;
        }

        var replayed = await _store.ReplayAsync(Queue, messageId, _clock.GetUtcNow());
        if (replayed > 0)
        {
            LogReplayed(Queue, replayed);
            Kick();
        }

        return replayed;
    }

    public async Task Stop()
    {
        await DetachAsync();
        _timer?.Dispose();
        _timer = null;
        if (await this.GetReminder(KeepAliveReminder) is { } reminder)
        {
            await this.UnregisterReminder(reminder);
        }

        await _store.DropAsync(Queue);
        await state.ClearStateAsync();
        state.State = new WebhookSubscriptionState();
        this.DeactivateOnIdle();
    }

    public async Task ReceiveReminder(string reminderName, TickStatus status)
    {
        if (state.State.Spec is null && await this.GetReminder(reminderName) is { } stale)
        {
            await this.UnregisterReminder(stale);
            return;
        }

        await Pump(CancellationToken.None);
    }

    private IAsyncStream<TwinEvent> Stream() => this.GetStreamProvider(TwinProviders.Streams)
        .GetStream<TwinEvent>(StreamId.Create(StreamNamespaces.TwinChanges, state.State.Plant ?? Queue.Split('/')[0]));

    private async Task AttachAsync()
    {
        var stream = Stream();
        var handles = await stream.GetAllSubscriptionHandles();
        if (handles.Count == 0)
        {
            await stream.SubscribeAsync(OnEvents);
            return;
        }

        foreach (var handle in handles)
        {
            await handle.ResumeAsync(OnEvents);
        }
    }

    private async Task DetachAsync()
    {
        foreach (var handle in await Stream().GetAllSubscriptionHandles())
        {
            await handle.UnsubscribeAsync();
        }
    }

    private void StartTimer() => _timer ??= this.RegisterGrainTimer(Pump,
        new GrainTimerCreationOptions(_options.PumpInterval, _options.PumpInterval) { Interleave = true });

    private async Task OnEvents(IList<SequentialItem<TwinEvent>> items)
    {
        if (state.State.Spec is not { } spec)
        {
            return;
        }

        var now = _clock.GetUtcNow();
        var messages = new List<WebhookMessage>(items.Count);
        foreach (var item in items)
        {
            var change = item.Item;
            if (change.Plant == state.State.Plant && WebhookFilter.Matches(spec, change))
            {
                messages.Add(WebhookMessage.New(change.EventId, $"{EventNames.KindName(change.SourceKind)}:{change.SourceId}",
                    EventNames.TypeOf(change.Payload), WebhookBody.Of(change), now));
            }
        }

        // Queued before the item is acknowledged; a store failure throws so the stream delivers the item again
        // (the queue skips message ids it already has).
        if (messages.Count > 0 && await _store.AppendAsync(Queue, messages) > 0)
        {
            Kick();
        }
    }

    /// <summary>Starts a pump now rather than at the next tick (runs on the grain's scheduler, interleaving like the timer).</summary>
    private void Kick()
    {
        if (_pumping)
        {
            _again = true;
            return;
        }

        _ = Pump(CancellationToken.None);
    }

    private async Task Pump(CancellationToken cancellationToken)
    {
        if (_pumping || state.State.Spec is not { } spec)
        {
            return;
        }

        _pumping = true;
        try
        {
            var url = new Uri(spec.Url);
            while (true)
            {
                _again = false;
                var now = _clock.GetUtcNow();
                var due = await _store.DueAsync(Queue, now, _options.MaxConcurrentDeliveries);
                if (due.Count == 0)
                {
                    if (_again)
                    {
                        continue;
                    }

                    break;
                }

                var secrets = Secrets(now);
                var attempts = await Task.WhenAll(due.Select(m => _sender.SendAsync(url, m.MessageId, now, m.Body, secrets, CancellationToken.None)));
                var outcomes = new WebhookAttemptOutcome[due.Count];
                for (var i = 0; i < due.Count; i++)
                {
                    outcomes[i] = Outcome(due[i], attempts[i], now);
                }

                await _store.RecordAsync(Queue, outcomes);
                if (!attempts.Any(a => a.Delivered) && !_again)
                {
                    break; // every twin due is waiting for its retry time now
                }
            }

            if (_clock.GetUtcNow() >= _nextTrimAt)
            {
                _nextTrimAt = _clock.GetUtcNow() + TrimPeriod;
                await _store.TrimAsync(Queue, _options.DeliveredLogSize);
            }
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            // The queue is in the store; the next tick tries again.
            LogPumpFailed(e, Queue);
        }
        finally
        {
            _pumping = false;
        }
    }

    private WebhookAttemptOutcome Outcome(WebhookMessage message, WebhookAttempt attempt, DateTimeOffset now)
    {
        if (attempt.Delivered)
        {
            if (_objectives is not null && WarehouseMovements.Contains(message.EventType) && WebhookBody.OccurredAt(message.Body) is { } occurredAt)
            {
                _objectives.Record(state.State.Plant!, Workflows.WarehouseMovement, occurredAt, now);
            }

            return new WebhookAttemptOutcome(message.Sequence, WebhookMessage.Delivered, now, now, attempt.Status, attempt.Answer);
        }

        _lastFailure = attempt.Answer;
        if (attempt.Retry && now - message.EnqueuedAt < _options.DeadLetterAfter)
        {
            var next = now + WebhookRetryDelay.After(message.Attempts + 1, attempt.RetryAfter, _options);
            return new WebhookAttemptOutcome(message.Sequence, WebhookMessage.Pending, now, next, attempt.Status, attempt.Answer);
        }

        LogDeadLettered(Queue, message.MessageId, message.Attempts + 1, attempt.Answer);
        return new WebhookAttemptOutcome(message.Sequence, WebhookMessage.DeadLetter, now, now, attempt.Status, attempt.Answer);
    }

    private List<string> Secrets(DateTimeOffset now)
    {
        var secrets = new List<string>(2) { state.State.Secret! };
        if (state.State.PreviousSecret is { } previous && state.State.PreviousValidUntil > now)
        {
            secrets.Add(previous);
        }

        return secrets;
    }

    private WebhookView View()
    {
        var s = state.State;
        var now = _clock.GetUtcNow();
        return new WebhookView(s.Id!, s.Plant!, s.Spec!.Url, s.Spec.EventTypes, s.Spec.TwinKinds, s.Spec.TwinIds, s.CreatedAt, s.RotatedAt,
            s.PreviousValidUntil > now ? s.PreviousValidUntil : null);
    }

    private static WebhookDelivery ToView(WebhookMessage m)
    {
        var colon = m.TwinKey.IndexOf(':', StringComparison.Ordinal);
        return new WebhookDelivery(m.MessageId, m.EventType, m.TwinKey[..colon], m.TwinKey[(colon + 1)..], m.State, m.Attempts, m.EnqueuedAt,
            m.LastAttemptAt, m.State == WebhookMessage.Pending ? m.NextAttemptAt : null, m.DeliveredAt, m.LastStatus, m.LastAnswer);
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Webhook {Subscription}: message {MessageId} dead-lettered after {Attempts} attempts; the receiver answered: {Answer}")]
    private partial void LogDeadLettered(string subscription, string messageId, int attempts, string answer);

    [LoggerMessage(Level = LogLevel.Information, Message = "Webhook {Subscription}: {Count} dead letters put back in the queue")]
    private partial void LogReplayed(string subscription, int count);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Webhook {Subscription}: delivery round failed; the queue is kept and tried again at the next tick")]
    private partial void LogPumpFailed(Exception error, string subscription);
}
