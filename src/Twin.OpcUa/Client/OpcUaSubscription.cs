using System.Collections.Concurrent;
using Twin.OpcUa.Encoding;
using Twin.OpcUa.Services;

namespace Twin.OpcUa.Client;

/// <summary>
/// A subscription on the server: a set of monitored items whose changes arrive in batches through
/// the <see cref="DataChangeHandler"/> given at creation. Survives reconnects: the client reactivates,
/// transfers or recreates it and reports lost messages through <see cref="NotificationGap"/>.
/// </summary>
public sealed class OpcUaSubscription
{
    private readonly OpcUaClient _client;
    private readonly ConcurrentDictionary<uint, MonitoredItem> _items = new();

    internal OpcUaSubscription(OpcUaClient client, SubscriptionOptions options, DataChangeHandler handler)
    {
        _client = client;
        Options = options;
        Handler = handler;
    }

    /// <summary>The server's id (changes if the subscription had to be recreated).</summary>
    public uint Id { get; internal set; }
    /// <summary>What was requested.</summary>
    public SubscriptionOptions Options { get; internal set; }
    /// <summary>Publishing interval the server granted.</summary>
    public TimeSpan RevisedPublishingInterval { get; internal set; }
    /// <summary>Keep-alive count the server granted.</summary>
    public uint RevisedKeepAliveCount { get; internal set; }
    /// <summary>Lifetime count the server granted.</summary>
    public uint RevisedLifetimeCount { get; internal set; }
    /// <summary>The monitored items.</summary>
    public IReadOnlyCollection<MonitoredItem> MonitoredItems => (IReadOnlyCollection<MonitoredItem>)_items.Values;
    /// <summary>Sequence number of the last notification message delivered.</summary>
    public uint LastSequenceNumber { get; internal set; }
    /// <summary>Keep-alive messages received (shows the subscription is alive while values do not change).</summary>
    public long KeepAliveCount { get; internal set; }

    /// <summary>
    /// Value changes received with the Overflow info bit: each follows values the server dropped
    /// because the item's queue was full (see <see cref="DataChangeBatch.OverflowCount"/>).
    /// </summary>
    public long OverflowCount { get; internal set; }

    /// <summary>Raised when notification messages were lost (Republish could not recover them) or the subscription was recreated.</summary>
    public event EventHandler<NotificationGapEventArgs>? NotificationGap;

    internal DataChangeHandler Handler { get; }

    internal MonitoredItem? FindItem(uint clientHandle) => _items.GetValueOrDefault(clientHandle);

    internal void RaiseGap(NotificationGapEventArgs gap) => NotificationGap?.Invoke(this, gap);

    /// <summary>
    /// Creates monitored items (in calls of at most 1000). Items the server rejects are returned
    /// with a bad <see cref="MonitoredItem.Status"/> rather than thrown.
    /// </summary>
    public async Task<IReadOnlyList<MonitoredItem>> AddMonitoredItemsAsync(IEnumerable<MonitoredItemOptions> items, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(items);
        var created = items.Select(o => new MonitoredItem(o, o.ClientHandle != 0 ? o.ClientHandle : _client.NextClientHandle())).ToList();
        foreach (var item in created)
        {
            if (!_items.TryAdd(item.ClientHandle, item))
            {
                throw new ArgumentException($"Client handle {item.ClientHandle} is already used in this subscription.", nameof(items));
            }
        }

        try
        {
            await CreateOnServerAsync(created, cancellationToken).ConfigureAwait(false);
        }
        catch
        {
            foreach (var item in created)
            {
                _items.TryRemove(item.ClientHandle, out _);
            }

            throw;
        }

        return created;
    }

    internal async Task CreateOnServerAsync(IReadOnlyList<MonitoredItem> items, CancellationToken cancellationToken)
    {
        foreach (var batch in items.Chunk(1000))
        {
            var request = new CreateMonitoredItemsRequest
            {
                RequestHeader = _client.Header(),
                SubscriptionId = Id,
                TimestampsToReturn = batch[0].Options.Timestamps,
                ItemsToCreate = batch.Select(i => new MonitoredItemCreateRequest
                {
                    ItemToMonitor = new ReadValueId { NodeId = i.NodeId, AttributeId = i.Options.AttributeId },
                    MonitoringMode = MonitoringMode.Reporting,
                    RequestedParameters = new MonitoringParameters
                    {
                        ClientHandle = i.ClientHandle,
                        SamplingInterval = i.Options.SamplingInterval?.TotalMilliseconds ?? -1,
                        QueueSize = i.Options.QueueSize,
                        DiscardOldest = i.Options.DiscardOldest,
                    },
                }).ToList(),
            };
            var response = await _client.CallAsync(request, CreateMonitoredItemsResponse.EncodingId, CreateMonitoredItemsResponse.Decode, cancellationToken).ConfigureAwait(false);
            if (response.Results.Count != batch.Length)
            {
                throw new ServiceResultException(StatusCode.BadUnknownResponse, $"CreateMonitoredItems returned {response.Results.Count} results for {batch.Length} items");
            }

            for (var i = 0; i < batch.Length; i++)
            {
                var result = response.Results[i];
                batch[i].Status = result.StatusCode;
                batch[i].ServerId = result.MonitoredItemId;
                batch[i].RevisedSamplingInterval = result.RevisedSamplingInterval;
                batch[i].RevisedQueueSize = result.RevisedQueueSize;
            }
        }
    }

    /// <summary>Deletes monitored items from the server and this subscription.</summary>
    public async Task RemoveMonitoredItemsAsync(IEnumerable<MonitoredItem> items, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(items);
        var list = items.ToList();
        var onServer = list.Where(i => i.Status.IsGood && i.ServerId != 0).Select(i => i.ServerId).ToList();
        if (onServer.Count > 0)
        {
            var request = new DeleteMonitoredItemsRequest { RequestHeader = _client.Header(), SubscriptionId = Id, MonitoredItemIds = onServer };
            await _client.CallAsync(request, DeleteMonitoredItemsResponse.EncodingId, DeleteMonitoredItemsResponse.Decode, cancellationToken).ConfigureAwait(false);
        }

        foreach (var item in list)
        {
            _items.TryRemove(item.ClientHandle, out _);
        }
    }

    /// <summary>Changes publishing interval, keep-alive and lifetime counts.</summary>
    public async Task ModifyAsync(SubscriptionOptions options, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(options);
        var request = new ModifySubscriptionRequest
        {
            RequestHeader = _client.Header(),
            SubscriptionId = Id,
            RequestedPublishingInterval = options.PublishingInterval.TotalMilliseconds,
            RequestedLifetimeCount = options.LifetimeCount,
            RequestedMaxKeepAliveCount = options.KeepAliveCount,
            MaxNotificationsPerPublish = options.MaxNotificationsPerPublish,
            Priority = options.Priority,
        };
        var response = await _client.CallAsync(request, ModifySubscriptionResponse.EncodingId, ModifySubscriptionResponse.Decode, cancellationToken).ConfigureAwait(false);
        Options = options;
        RevisedPublishingInterval = TimeSpan.FromMilliseconds(response.RevisedPublishingInterval);
        RevisedKeepAliveCount = response.RevisedMaxKeepAliveCount;
        RevisedLifetimeCount = response.RevisedLifetimeCount;
    }

    /// <summary>Deletes the subscription on the server.</summary>
    public Task DeleteAsync(CancellationToken cancellationToken = default) => _client.DeleteSubscriptionAsync(this, cancellationToken);
}
