using Microsoft.Extensions.Logging;
using Twin.OpcUa.Channel;
using Twin.OpcUa.Encoding;
using Twin.OpcUa.Services;

namespace Twin.OpcUa.Client;

public sealed partial class OpcUaClient
{
    private readonly ReadItem<StatusCode> _publishDecoder;
    private readonly System.Collections.Concurrent.ConcurrentQueue<DataChangeBatch> _batchPool = new();
    private readonly List<SubscriptionAcknowledgement> _acks = [];
    private int _publishWorkers;
    private int _recreating;
    private readonly SemaphoreSlim _recreateGate = new(1, 1);
    private ClientSecureChannel? _publishingChannel;

    /// <summary>
    /// Creates a subscription. Its value changes arrive through <paramref name="onDataChange"/>,
    /// one call per Publish response. Add items with <see cref="OpcUaSubscription.AddMonitoredItemsAsync"/>.
    /// </summary>
    public async Task<OpcUaSubscription> CreateSubscriptionAsync(SubscriptionOptions options, DataChangeHandler onDataChange, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(onDataChange);
        var subscription = new OpcUaSubscription(this, options, onDataChange);
        await CreateOnServerAsync(subscription, cancellationToken).ConfigureAwait(false);
        _subscriptions[subscription.Id] = subscription;
        if (_channel is { } channel)
        {
            StartPublishing(channel);
        }

        return subscription;
    }

    private async Task CreateOnServerAsync(OpcUaSubscription subscription, CancellationToken cancellationToken)
    {
        var options = subscription.Options;
        var request = new CreateSubscriptionRequest
        {
            RequestHeader = Header(),
            RequestedPublishingInterval = options.PublishingInterval.TotalMilliseconds,
            RequestedLifetimeCount = Math.Max(options.LifetimeCount, options.KeepAliveCount * 3),
            RequestedMaxKeepAliveCount = options.KeepAliveCount,
            MaxNotificationsPerPublish = options.MaxNotificationsPerPublish,
            PublishingEnabled = true,
            Priority = options.Priority,
        };
        var response = await CallAsync(request, CreateSubscriptionResponse.EncodingId, CreateSubscriptionResponse.Decode, cancellationToken).ConfigureAwait(false);
        subscription.Id = response.SubscriptionId;
        subscription.RevisedPublishingInterval = TimeSpan.FromMilliseconds(response.RevisedPublishingInterval);
        subscription.RevisedKeepAliveCount = response.RevisedMaxKeepAliveCount;
        subscription.RevisedLifetimeCount = response.RevisedLifetimeCount;
        subscription.LastSequenceNumber = 0;
    }

    internal async Task DeleteSubscriptionAsync(OpcUaSubscription subscription, CancellationToken cancellationToken)
    {
        _subscriptions.TryRemove(subscription.Id, out _);
        var request = new DeleteSubscriptionsRequest { RequestHeader = Header(), SubscriptionIds = [subscription.Id] };
        var response = await CallAsync(request, DeleteSubscriptionsResponse.EncodingId, DeleteSubscriptionsResponse.Decode, cancellationToken).ConfigureAwait(false);
        if (response.Results.Count == 1 && response.Results[0].IsBad && response.Results[0] != StatusCode.BadSubscriptionIdInvalid)
        {
            throw new ServiceResultException(response.Results[0], $"DeleteSubscriptions of {subscription.Id} failed");
        }
    }

    /// <summary>After a new session: move subscriptions over (TransferSubscriptions) or recreate them.</summary>
    private async Task RestoreSubscriptionsAsync(CancellationToken cancellationToken)
    {
        var subscriptions = _subscriptions.Values.ToList();
        if (subscriptions.Count == 0)
        {
            return;
        }

        IReadOnlyList<TransferResult> results = [];
        try
        {
            var request = new TransferSubscriptionsRequest { RequestHeader = Header(), SubscriptionIds = subscriptions.Select(s => s.Id).ToList(), SendInitialValues = true };
            var response = await CallAsync(request, TransferSubscriptionsResponse.EncodingId, TransferSubscriptionsResponse.Decode, cancellationToken).ConfigureAwait(false);
            results = response.Results;
        }
        catch (ServiceResultException ex) when (ex.Status != StatusCode.BadConnectionClosed && ex.Status != StatusCode.BadSecureChannelClosed)
        {
            _logger.LogInformation("TransferSubscriptions failed ({Reason}); recreating subscriptions", ex.Message);
        }

        for (var i = 0; i < subscriptions.Count; i++)
        {
            var subscription = subscriptions[i];
            if (i < results.Count && results[i].StatusCode.IsGood)
            {
                _logger.LogInformation("Subscription {Id} transferred to the new session", subscription.Id);
                continue;
            }

            await RecreateAsync(subscription, subscription.Id, "the server lost the session", cancellationToken, deleteOld: false).ConfigureAwait(false);
        }
    }

    /// <summary>
    /// The session lives but the server has none of our subscriptions (they expired while we were
    /// away, and the StatusChangeNotification saying so was lost): create them again.
    /// </summary>
    private async Task<bool> RecreateAllAsync()
    {
        if (Interlocked.Exchange(ref _recreating, 1) != 0)
        {
            // Another publish worker is already at it.
            return false;
        }

        try
        {
            foreach (var (id, subscription) in _subscriptions.ToList())
            {
                await RecreateAsync(subscription, id, "the server no longer had the subscription (BadNoSubscription)", _lifetime.Token).ConfigureAwait(false);
            }

            return true;
        }
        catch (ServiceResultException ex)
        {
            _logger.LogWarning("Recreating subscriptions failed: {Reason}", ex.Message);
            return false;
        }
        finally
        {
            Interlocked.Exchange(ref _recreating, 0);
        }
    }

    /// <summary>
    /// Creates a lost subscription and its items again; the changes in between are unknown (gap -1).
    /// <paramref name="lostId"/> is the server id the caller found lost: when the subscription has been replaced since
    /// (another publish worker, or a late StatusChangeNotification about an earlier incarnation), nothing is done, so
    /// one configured subscription never becomes two live ones on the server. The lost id is deleted on the server
    /// (best effort) in case it is not as dead as it looked, e.g. a status change delivered late.
    /// </summary>
    private async Task RecreateAsync(OpcUaSubscription subscription, uint lostId, string why, CancellationToken cancellationToken, bool deleteOld = true)
    {
        await _recreateGate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            if (subscription.Id != lostId)
            {
                _logger.LogDebug("Subscription {LostId} was already replaced by {Id}; nothing to recreate", lostId, subscription.Id);
                return;
            }

            var lastSequence = subscription.LastSequenceNumber;
            await CreateOnServerAsync(subscription, cancellationToken).ConfigureAwait(false);
            _subscriptions.TryRemove(lostId, out _);
            _subscriptions[subscription.Id] = subscription;
            await subscription.CreateOnServerAsync(subscription.MonitoredItems.ToList(), cancellationToken).ConfigureAwait(false);
            _logger.LogWarning("Subscription {OldId} was lost ({Why}); recreated as {NewId}", lostId, why, subscription.Id);
            if (deleteOld)
            {
                await DeleteReplacedAsync(lostId, cancellationToken).ConfigureAwait(false);
            }

            subscription.RaiseGap(new NotificationGapEventArgs(subscription.Id, lastSequence + 1, -1, 0,
                $"{why}; the subscription was recreated and changes in between are unknown"));
        }
        finally
        {
            _recreateGate.Release();
        }
    }

    /// <summary>Deletes a replaced subscription on the server; "unknown id" is the expected answer and not an error.</summary>
    private async Task DeleteReplacedAsync(uint replacedId, CancellationToken cancellationToken)
    {
        try
        {
            var request = new DeleteSubscriptionsRequest { RequestHeader = Header(), SubscriptionIds = [replacedId] };
            var response = await CallAsync(request, DeleteSubscriptionsResponse.EncodingId, DeleteSubscriptionsResponse.Decode, cancellationToken).ConfigureAwait(false);
            if (response.Results.Count == 1 && response.Results[0].IsGood)
            {
                _logger.LogInformation("Subscription {Id} was still alive on the server after its replacement; deleted it", replacedId);
            }
        }
        catch (ServiceResultException ex)
        {
            _logger.LogDebug("Deleting replaced subscription {Id} failed: {Reason}", replacedId, ex.Message);
        }
    }

    private void StartPublishing(ClientSecureChannel channel)
    {
        if (_subscriptions.IsEmpty)
        {
            return;
        }

        lock (_acks)
        {
            if (!ReferenceEquals(_publishingChannel, channel))
            {
                _publishingChannel = channel;
                _publishWorkers = 0;
            }

            while (_publishWorkers < _options.PublishRequestCount)
            {
                _publishWorkers++;
                _ = Task.Run(() => PublishWorkerAsync(channel), CancellationToken.None);
            }
        }
    }

    private TimeSpan PublishTimeout()
    {
        var longest = TimeSpan.Zero;
        foreach (var s in _subscriptions.Values)
        {
            var keepAlive = s.RevisedPublishingInterval * Math.Max(1u, s.RevisedKeepAliveCount);
            longest = keepAlive > longest ? keepAlive : longest;
        }

        return longest * 2 + _options.RequestTimeout;
    }

    private async Task PublishWorkerAsync(ClientSecureChannel channel)
    {
        try
        {
            while (channel.IsOpen && !_lifetime.IsCancellationRequested && !_subscriptions.IsEmpty)
            {
                var acks = TakeAcknowledgements();
                var timeout = PublishTimeout();
                var request = new PublishRequest { RequestHeader = Header(timeout), SubscriptionAcknowledgements = acks };
                StatusCode result;
                try
                {
                    result = await channel.SendRequestAsync(request, PublishResponse.EncodingId, _publishDecoder, timeout, _lifetime.Token).ConfigureAwait(false);
                }
                catch (ServiceResultException ex)
                {
                    ReturnAcknowledgements(acks);
                    if (ex.Status == StatusCode.BadTimeout && channel.IsOpen)
                    {
                        // The watchdog decides whether the connection is dead; keep a request outstanding.
                        continue;
                    }

                    result = ex.Status;
                }

                MarkAlive();
                if (result.IsGood)
                {
                    continue;
                }

                if (result == StatusCode.BadTooManyPublishRequests)
                {
                    _logger.LogDebug("Server limits outstanding Publish requests; one publish worker stops");
                    return;
                }

                if (result == StatusCode.BadSessionIdInvalid || result == StatusCode.BadSessionClosed || result == StatusCode.BadSessionNotActivated)
                {
                    _logger.LogWarning("Publish says the session is gone ({Status}); reconnecting", result);
                    channel.Abort($"the server no longer knows the session ({result})");
                    return;
                }

                if (!channel.IsOpen)
                {
                    return;
                }

                if (result == StatusCode.BadNoSubscription && !_subscriptions.IsEmpty && await RecreateAllAsync().ConfigureAwait(false))
                {
                    continue;
                }

                // Other errors (e.g. BadNoSubscription while the subscription set is changing): the subscription set is changing; try again shortly.
                await Task.Delay(TimeSpan.FromMilliseconds(100), _time, _lifetime.Token).ConfigureAwait(false);
            }
        }
        catch (OperationCanceledException) when (_lifetime.IsCancellationRequested)
        {
            // Client disposed.
        }
        finally
        {
            lock (_acks)
            {
                if (ReferenceEquals(_publishingChannel, channel))
                {
                    _publishWorkers--;
                }
            }
        }
    }

    private SubscriptionAcknowledgement[] TakeAcknowledgements()
    {
        lock (_acks)
        {
            if (_acks.Count == 0)
            {
                return [];
            }

            var taken = _acks.ToArray();
            _acks.Clear();
            return taken;
        }
    }

    private void ReturnAcknowledgements(SubscriptionAcknowledgement[] acks)
    {
        if (acks.Length == 0)
        {
            return;
        }

        lock (_acks)
        {
            _acks.AddRange(acks);
        }
    }

    private void Acknowledge(uint subscriptionId, uint sequenceNumber)
    {
        lock (_acks)
        {
            _acks.Add(new SubscriptionAcknowledgement(subscriptionId, sequenceNumber));
        }
    }

    private DataChangeBatch RentBatch() => _batchPool.TryDequeue(out var batch) ? batch : new DataChangeBatch();

    private void ReturnBatch(DataChangeBatch batch)
    {
        if (_batchPool.Count < 16)
        {
            _batchPool.Enqueue(batch);
        }
    }

    /// <summary>Runs on the receive loop, in arrival order: decode, then queue for the dispatcher.</summary>
    private StatusCode DecodePublish(ref BinaryDecoder decoder)
    {
        var batch = RentBatch();
        PublishResponseReader.ReadPublishResponse(ref decoder, batch);
        var result = batch.ServiceResult;
        if (result.IsGood && _dispatch.Writer.TryWrite(batch))
        {
            return result;
        }

        ReturnBatch(batch);
        return result;
    }

    private async Task DispatchLoopAsync()
    {
        try
        {
            await foreach (var batch in _dispatch.Reader.ReadAllAsync(_lifetime.Token).ConfigureAwait(false))
            {
                try
                {
                    await ProcessBatchAsync(batch).ConfigureAwait(false);
                }
                finally
                {
                    ReturnBatch(batch);
                }
            }
        }
        catch (OperationCanceledException) when (_lifetime.IsCancellationRequested)
        {
            // Client disposed.
        }
    }

    private async Task ProcessBatchAsync(DataChangeBatch batch)
    {
        // A response about an id that is not (or no longer) a live subscription of ours, e.g. the expiry of one
        // already replaced after an outage: acknowledged and ignored, never applied to its replacement.
        if (!_subscriptions.TryGetValue(batch.SubscriptionId, out var subscription) || subscription.Id != batch.SubscriptionId)
        {
            if (batch.SubscriptionStatus is { IsBad: true } ended)
            {
                _logger.LogDebug("Server reports {Status} for subscription {Id}, which is no longer ours", ended, batch.SubscriptionId);
            }

            if (!batch.IsKeepAlive)
            {
                Acknowledge(batch.SubscriptionId, batch.SequenceNumber);
            }

            return;
        }

        var sequence = batch.SequenceNumber;
        var last = subscription.LastSequenceNumber;
        if (batch.IsKeepAlive)
        {
            subscription.KeepAliveCount++;
            // A keep-alive carries the next sequence number: anything between is missing.
            if (last != 0 && sequence > last + 1)
            {
                await RecoverAsync(subscription, last + 1, sequence - 1).ConfigureAwait(false);
                subscription.LastSequenceNumber = sequence - 1;
            }

            return;
        }

        Acknowledge(subscription.Id, sequence);
        if (last != 0 && sequence <= last)
        {
            return;
        }

        if (last != 0 && sequence > last + 1)
        {
            await RecoverAsync(subscription, last + 1, sequence - 1).ConfigureAwait(false);
        }

        Deliver(subscription, batch);
        subscription.LastSequenceNumber = sequence;
        if (batch.SubscriptionStatus is { IsBad: true } status)
        {
            _logger.LogWarning("Subscription {Id} ended on the server: {Status}", subscription.Id, status);
            try
            {
                await RecreateAsync(subscription, batch.SubscriptionId, $"the server ended it with {status}", _lifetime.Token).ConfigureAwait(false);
            }
            catch (ServiceResultException ex)
            {
                // Not connected right now: the next reconnect restores it through TransferSubscriptions or recreation.
                _logger.LogWarning("Subscription {Id} could not be recreated yet: {Reason}", subscription.Id, ex.Message);
            }
        }
    }

    private void Deliver(OpcUaSubscription subscription, DataChangeBatch batch)
    {
        if (batch.OverflowCount > 0)
        {
            // Values were dropped on the server (queue full), not in transit: no gap, but not silent either.
            if (subscription.OverflowCount == 0)
            {
                _logger.LogWarning("Subscription {Id}: the server's monitored-item queues overflowed ({Count} value(s) in message {Sequence} follow dropped values); raise QueueSize or publish faster",
                    subscription.Id, batch.OverflowCount, batch.SequenceNumber);
            }

            subscription.OverflowCount += batch.OverflowCount;
        }

        try
        {
            subscription.Handler(subscription, batch);
        }
        catch (Exception ex)
        {
            // A failing handler must not stop the flow for other subscriptions; it is reported, not hidden.
            _logger.LogError(ex, "Data change handler of subscription {Id} failed on message {Sequence}", subscription.Id, batch.SequenceNumber);
        }
    }

    /// <summary>Asks the server to republish messages <paramref name="first"/>..<paramref name="last"/>; reports what is gone.</summary>
    private async Task RecoverAsync(OpcUaSubscription subscription, uint first, uint last)
    {
        const uint MaxRepublish = 1000;
        var missing = 0;
        var recovered = 0;
        uint firstMissing = 0;
        var subscriptionId = subscription.Id;
        string? lastError = null;
        var stop = last - first + 1 > MaxRepublish ? first + MaxRepublish - 1 : last;
        for (var sequence = first; sequence <= stop; sequence++)
        {
            var batch = RentBatch();
            try
            {
                var request = new RepublishRequest { RequestHeader = Header(), SubscriptionId = subscriptionId, RetransmitSequenceNumber = sequence };
                var channel = _channel ?? throw new ServiceResultException(StatusCode.BadServerNotConnected, "Not connected");
                var result = await channel.SendRequestAsync(request, RepublishResponse.EncodingId,
                    (ref BinaryDecoder d) =>
                    {
                        PublishResponseReader.ReadRepublishResponse(ref d, batch, subscriptionId);
                        return batch.ServiceResult;
                    }, _options.RequestTimeout, _lifetime.Token).ConfigureAwait(false);
                if (result.IsGood)
                {
                    recovered++;
                    Deliver(subscription, batch);
                    Acknowledge(subscriptionId, sequence);
                    continue;
                }

                firstMissing = firstMissing == 0 ? sequence : firstMissing;
                lastError = result.ToString();
                missing++;
            }
            catch (ServiceResultException ex)
            {
                lastError = ex.Message;
                _logger.LogDebug("Republish of {Sequence} on subscription {Id} failed: {Reason}", sequence, subscriptionId, ex.Message);
                firstMissing = firstMissing == 0 ? sequence : firstMissing;
                missing++;
            }
            finally
            {
                ReturnBatch(batch);
            }
        }

        missing += (int)(last - stop);
        if (missing > 0)
        {
            _logger.LogWarning("Subscription {Id}: {Missing} notification message(s) lost from {First}; {Recovered} recovered by Republish", subscriptionId, missing, firstMissing, recovered);
            subscription.RaiseGap(new NotificationGapEventArgs(subscriptionId, firstMissing == 0 ? stop + 1 : firstMissing, missing, recovered,
                $"Republish failed: {lastError}"));
        }
        else
        {
            _logger.LogInformation("Subscription {Id}: recovered {Recovered} missed notification message(s) by Republish", subscriptionId, recovered);
        }
    }
}
