using Microsoft.Extensions.Logging;
using Twin.OpcUa.Channel;
using Twin.OpcUa.Encoding;
using Twin.OpcUa.Server.Sampling;
using Twin.OpcUa.Services;

namespace Twin.OpcUa.Server;

public sealed partial class OpcUaServer
{
    private const uint DataChangeFilterEncodingId = 724;

    private CreateSubscriptionResponse CreateSubscription(SessionState session, CreateSubscriptionRequest request)
    {
        SubscriptionState subscription;
        lock (_publishGate)
        {
            if (session.Subscriptions.Count >= _options.MaxSubscriptionsPerSession)
            {
                throw new ServiceResultException(StatusCode.BadTooManySubscriptions, $"A session may have {_options.MaxSubscriptionsPerSession} subscriptions");
            }

            subscription = new SubscriptionState(_publishGate, (uint)Interlocked.Increment(ref _nextSubscriptionId), session, _options.RetransmissionQueueSize);
            Revise(subscription, request.RequestedPublishingInterval, request.RequestedMaxKeepAliveCount, request.RequestedLifetimeCount, request.MaxNotificationsPerPublish);
            subscription.PublishingEnabled = request.PublishingEnabled;
            session.Subscriptions[subscription.Id] = subscription;
            _subscriptions[subscription.Id] = subscription;
        }

        _ = Task.Run(() => RunSubscriptionAsync(subscription), CancellationToken.None);
        return new CreateSubscriptionResponse
        {
            ResponseHeader = ResponseHeader.For(request.RequestHeader),
            SubscriptionId = subscription.Id,
            RevisedPublishingInterval = subscription.PublishingInterval,
            RevisedLifetimeCount = subscription.LifetimeCount,
            RevisedMaxKeepAliveCount = subscription.MaxKeepAliveCount,
        };
    }

    private void Revise(SubscriptionState subscription, double interval, uint keepAlive, uint lifetime, uint maxNotifications)
    {
        subscription.PublishingInterval = double.IsNaN(interval) ? 1000 : Math.Clamp(interval, _options.MinPublishingInterval.TotalMilliseconds, 3_600_000);
        subscription.MaxKeepAliveCount = Math.Clamp(keepAlive, 1u, 10_000u);
        subscription.LifetimeCount = Math.Clamp(lifetime, subscription.MaxKeepAliveCount * 3, 100_000u);
        subscription.MaxNotificationsPerPublish = maxNotifications == 0 || maxNotifications > _options.MaxNotificationsPerPublish
            ? _options.MaxNotificationsPerPublish
            : (int)maxNotifications;
    }

    private ModifySubscriptionResponse ModifySubscription(SessionState session, ModifySubscriptionRequest request)
    {
        lock (_publishGate)
        {
            var subscription = OwnSubscription(session, request.SubscriptionId);
            Revise(subscription, request.RequestedPublishingInterval, request.RequestedMaxKeepAliveCount, request.RequestedLifetimeCount, request.MaxNotificationsPerPublish);
            return new ModifySubscriptionResponse
            {
                ResponseHeader = ResponseHeader.For(request.RequestHeader),
                RevisedPublishingInterval = subscription.PublishingInterval,
                RevisedLifetimeCount = subscription.LifetimeCount,
                RevisedMaxKeepAliveCount = subscription.MaxKeepAliveCount,
            };
        }
    }

    private static SubscriptionState OwnSubscription(SessionState session, uint id) =>
        session.Subscriptions.TryGetValue(id, out var subscription)
            ? subscription
            : throw new ServiceResultException(StatusCode.BadSubscriptionIdInvalid, $"Subscription {id} is not in this session");

    private DeleteSubscriptionsResponse DeleteSubscriptions(SessionState session, DeleteSubscriptionsRequest request)
    {
        CheckOperationCount(request.SubscriptionIds.Count);
        var results = new List<StatusCode>();
        lock (_publishGate)
        {
            foreach (var id in request.SubscriptionIds)
            {
                if (session.Subscriptions.TryGetValue(id, out var subscription))
                {
                    RemoveSubscription(subscription);
                    results.Add(StatusCode.Good);
                }
                else
                {
                    results.Add(StatusCode.BadSubscriptionIdInvalid);
                }
            }

            if (session.Subscriptions.Count == 0)
            {
                // Publish requests waiting for a subscription would never be answered otherwise.
                while (session.PublishRequests.TryDequeue(out var pending))
                {
                    pending.Channel.SendResponse(pending.RequestId, new ServiceFault { ResponseHeader = ResponseHeader.For(pending.Header, StatusCode.BadNoSubscription) });
                }
            }
        }

        return new DeleteSubscriptionsResponse { ResponseHeader = ResponseHeader.For(request.RequestHeader), Results = results };
    }

    /// <summary>Removes a subscription and detaches its items; caller holds the publishing gate.</summary>
    private void RemoveSubscription(SubscriptionState subscription)
    {
        subscription.Stopping.Cancel();
        subscription.Session.Subscriptions.Remove(subscription.Id);
        _subscriptions.Remove(subscription.Id);
        foreach (var item in subscription.Items.Values)
        {
            (item.Node as VariableNode)?.RemoveListener(item);
        }

        subscription.Items.Clear();
    }

    private CreateMonitoredItemsResponse CreateMonitoredItems(SessionState session, CreateMonitoredItemsRequest request)
    {
        CheckOperationCount(request.ItemsToCreate.Count);
        if (request.TimestampsToReturn is < TimestampsToReturn.Source or > TimestampsToReturn.Neither)
        {
            throw new ServiceResultException(StatusCode.BadTimestampsToReturnInvalid, "Invalid TimestampsToReturn");
        }

        var results = new List<MonitoredItemCreateResult>();
        lock (_publishGate)
        {
            var subscription = OwnSubscription(session, request.SubscriptionId);
            foreach (var create in request.ItemsToCreate)
            {
                results.Add(CreateMonitoredItem(subscription, create, request.TimestampsToReturn));
            }
        }

        return new CreateMonitoredItemsResponse { ResponseHeader = ResponseHeader.For(request.RequestHeader), Results = results };
    }

    private MonitoredItemCreateResult CreateMonitoredItem(SubscriptionState subscription, MonitoredItemCreateRequest create, TimestampsToReturn timestamps)
    {
        if (subscription.Items.Count >= _options.MaxMonitoredItemsPerSubscription)
        {
            return new MonitoredItemCreateResult { StatusCode = StatusCode.BadTooManyMonitoredItems };
        }

        if (!AddressSpace.TryGetNode(create.ItemToMonitor.NodeId, out var node))
        {
            return new MonitoredItemCreateResult { StatusCode = StatusCode.BadNodeIdUnknown };
        }

        var filter = create.RequestedParameters.Filter;
        if (!filter.IsNull && filter.TypeId != new NodeId(DataChangeFilterEncodingId))
        {
            return new MonitoredItemCreateResult { StatusCode = StatusCode.BadMonitoredItemFilterUnsupported };
        }

        if (create.MonitoringMode is < MonitoringMode.Disabled or > MonitoringMode.Reporting)
        {
            return new MonitoredItemCreateResult { StatusCode = StatusCode.BadMonitoringModeInvalid };
        }

        var probe = node.ReadAttribute(create.ItemToMonitor.AttributeId, TimestampsToReturn.Neither, DateTime.UtcNow);
        if (probe.StatusCode == StatusCode.BadAttributeIdInvalid)
        {
            return new MonitoredItemCreateResult { StatusCode = StatusCode.BadAttributeIdInvalid };
        }

        var requested = create.RequestedParameters.SamplingInterval;
        var sampling = requested < 0 || double.IsNaN(requested) ? subscription.PublishingInterval : Math.Max(requested, _options.MinSamplingInterval.TotalMilliseconds);
        var queueSize = Math.Clamp(create.RequestedParameters.QueueSize, 1u, 10_000u);
        var item = new MonitoredItemState(subscription, (uint)Interlocked.Increment(ref _nextMonitoredItemId), create, node, sampling, queueSize, timestamps);
        subscription.Items[item.Id] = item;
        item.QueueCurrentValue();
        if (node is VariableNode variable && item.AttributeId == AttributeIds.Value)
        {
            variable.AddListener(item);
        }

        return new MonitoredItemCreateResult { StatusCode = StatusCode.Good, MonitoredItemId = item.Id, RevisedSamplingInterval = sampling, RevisedQueueSize = queueSize };
    }

    private DeleteMonitoredItemsResponse DeleteMonitoredItems(SessionState session, DeleteMonitoredItemsRequest request)
    {
        CheckOperationCount(request.MonitoredItemIds.Count);
        var results = new List<StatusCode>();
        lock (_publishGate)
        {
            var subscription = OwnSubscription(session, request.SubscriptionId);
            foreach (var id in request.MonitoredItemIds)
            {
                if (subscription.Items.Remove(id, out var item))
                {
                    (item.Node as VariableNode)?.RemoveListener(item);
                    item.ClearQueue();
                    results.Add(StatusCode.Good);
                }
                else
                {
                    results.Add(StatusCode.BadMonitoredItemIdInvalid);
                }
            }
        }

        return new DeleteMonitoredItemsResponse { ResponseHeader = ResponseHeader.For(request.RequestHeader), Results = results };
    }

    private IServiceResponse? Publish(SessionState session, ServerSecureChannel channel, uint requestId, PublishRequest request)
    {
        lock (_publishGate)
        {
            var ackResults = new List<StatusCode>(request.SubscriptionAcknowledgements.Count);
            foreach (var ack in request.SubscriptionAcknowledgements)
            {
                ackResults.Add(!session.Subscriptions.TryGetValue(ack.SubscriptionId, out var s) ? StatusCode.BadSubscriptionIdInvalid
                    : s.Acknowledge(ack.SequenceNumber) ? StatusCode.Good
                    : StatusCode.BadSequenceNumberUnknown);
            }

            if (session.Subscriptions.Count == 0)
            {
                throw new ServiceResultException(StatusCode.BadNoSubscription, "The session has no subscriptions");
            }

            session.PublishRequests.Enqueue(new PendingPublish(channel, requestId, request.RequestHeader, ackResults));
            if (session.PublishRequests.Count > _options.MaxPublishRequestsPerSession)
            {
                var oldest = session.PublishRequests.Dequeue();
                oldest.Channel.SendResponse(oldest.RequestId, new ServiceFault { ResponseHeader = ResponseHeader.For(oldest.Header, StatusCode.BadTooManyPublishRequests) });
            }

            // Subscriptions that had something to say while no request was queued answer at once.
            foreach (var subscription in session.Subscriptions.Values.Where(s => s.Late).OrderByDescending(s => s.HasNotifications).ToList())
            {
                if (!subscription.TryPublish(TakePublishRequest, SendPublishResponse))
                {
                    break;
                }
            }
        }

        return null;
    }

    private static PendingPublish? TakePublishRequest(SessionState session)
    {
        while (session.PublishRequests.TryDequeue(out var pending))
        {
            if (pending.Channel.IsOpen)
            {
                return pending;
            }
        }

        return null;
    }

    private void SendPublishResponse(PendingPublish pending, PublishResponse response)
    {
        pending.Channel.SendResponse(pending.RequestId, response);
        PublishResponseSent?.Invoke(response);
    }

    /// <summary>Test hook: raised (under the publishing lock) after each PublishResponse is handed to a channel.</summary>
    internal event Action<PublishResponse>? PublishResponseSent;

    private RepublishResponse Republish(SessionState session, RepublishRequest request)
    {
        lock (_publishGate)
        {
            var subscription = OwnSubscription(session, request.SubscriptionId);
            var message = subscription.Find(request.RetransmitSequenceNumber)
                ?? throw new ServiceResultException(StatusCode.BadMessageNotAvailable, $"Message {request.RetransmitSequenceNumber} is not available");
            return new RepublishResponse { ResponseHeader = ResponseHeader.For(request.RequestHeader), NotificationMessage = message };
        }
    }

    private TransferSubscriptionsResponse TransferSubscriptions(SessionState session, TransferSubscriptionsRequest request)
    {
        CheckOperationCount(request.SubscriptionIds.Count);
        var results = new List<TransferResult>();
        lock (_publishGate)
        {
            foreach (var id in request.SubscriptionIds)
            {
                if (!_subscriptions.TryGetValue(id, out var subscription))
                {
                    results.Add(new TransferResult { StatusCode = StatusCode.BadSubscriptionIdInvalid });
                    continue;
                }

                subscription.Session.Subscriptions.Remove(id);
                subscription.Session = session;
                session.Subscriptions[id] = subscription;
                if (request.SendInitialValues)
                {
                    foreach (var item in subscription.Items.Values)
                    {
                        item.QueueCurrentValue();
                    }
                }

                results.Add(new TransferResult { StatusCode = StatusCode.Good, AvailableSequenceNumbers = subscription.AvailableSequenceNumbers });
                _logger.LogInformation("Subscription {Id} transferred to session {SessionId}", id, session.SessionId);
            }
        }

        return new TransferSubscriptionsResponse { ResponseHeader = ResponseHeader.For(request.RequestHeader), Results = results };
    }

    private async Task RunSubscriptionAsync(SubscriptionState subscription)
    {
        var stop = CancellationTokenSource.CreateLinkedTokenSource(subscription.Stopping.Token, _stopping.Token);
        try
        {
            while (!stop.IsCancellationRequested)
            {
                await Task.Delay(TimeSpan.FromMilliseconds(subscription.PublishingInterval), stop.Token).ConfigureAwait(false);
                lock (_publishGate)
                {
                    if (subscription.Stopping.IsCancellationRequested)
                    {
                        return;
                    }

                    if (subscription.Tick(TakePublishRequest, SendPublishResponse))
                    {
                        _logger.LogInformation("Subscription {Id} expired: no Publish requests for {Count} intervals", subscription.Id, subscription.LifetimeCount);
                        subscription.SendTimeoutStatus(TakePublishRequest, SendPublishResponse);
                        RemoveSubscription(subscription);
                        return;
                    }
                }
            }
        }
        catch (OperationCanceledException) when (stop.IsCancellationRequested)
        {
            // Deleted or server stopping.
        }
        finally
        {
            stop.Dispose();
        }
    }
}
