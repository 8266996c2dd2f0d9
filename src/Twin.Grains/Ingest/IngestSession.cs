using System.Threading.Channels;
using Microsoft.Extensions.Logging;
using Twin.Contracts;
using Twin.Domain.Ingest;
using Twin.Grains.Telemetry;
using Twin.OpcUa.Client;
using Twin.OpcUa.Encoding;
using Twin.OpcUa.Services;

namespace Twin.Grains.Ingest;

/// <summary>
/// The Orleans-free half of an ingest grain: one <see cref="OpcUaClient"/> with one subscription over the
/// connection's tags. It connects (retrying with backoff until the server answers; after that the client
/// reconnects on its own), turns each Publish response into machine batches and queues them for the grain,
/// and keeps the health figures. Runs on pool threads; the grain reads <see cref="Responses"/> on its own turn.
/// </summary>
internal sealed class IngestSession : IAsyncDisposable
{
    private const int MaxUnknownNodeIdsListed = 20;

    private readonly string _connectionId;
    private readonly ConnectionConfiguration _config;
    private readonly IngestOptions _options;
    private readonly ILoggerFactory _loggers;
    private readonly ILogger _logger;
    private readonly TimeProvider _clock;
    private readonly SignalBatchBuilder _builder;
    private readonly Channel<List<MachineSignalBatch>> _responses;
    private readonly CancellationTokenSource _stop = new();
    private readonly object _gate = new();
    private readonly List<string> _unknownNodeIds = [];
    private OpcUaClient? _client;
    private Task _run = Task.CompletedTask;
    private string _state = "Connecting";
    private DateTimeOffset? _lastDataAt;
    private DateTimeOffset? _connectedSince;
    private long _notifications;
    private long _publishResponses;
    private long _gaps;
    private long _gapMessages;
    private long _overflowed;
    private long _unknownCount;
    private string? _lastError;
    private readonly KeyValuePair<string, object?>[] _metricTags;

    public IngestSession(string connectionId, string plant, ConnectionConfiguration config, IngestOptions options, ILoggerFactory loggers, TimeProvider clock)
    {
        _connectionId = connectionId;
        Plant = plant;
        _config = config;
        _options = options;
        _loggers = loggers;
        _metricTags = IngestMetrics.TagsOf(plant, connectionId);
        _logger = loggers.CreateLogger<IngestSession>();
        _clock = clock;
        _builder = new SignalBatchBuilder(connectionId, plant, config.Tags);
        // Bounded: when the grain cannot hand batches to the stream, the client's dispatcher waits here instead of
        // piling up memory, and the server keeps the notifications queued (with Republish) rather than losing them.
        _responses = Channel.CreateBounded<List<MachineSignalBatch>>(new BoundedChannelOptions(options.MaxBufferedBatches)
        {
            SingleReader = true,
            SingleWriter = true,
            FullMode = BoundedChannelFullMode.Wait,
        });
    }

    public string Plant { get; }

    /// <summary>One entry per Publish response: its batches, one per machine.</summary>
    public ChannelReader<List<MachineSignalBatch>> Responses => _responses.Reader;

    public void Start() => _run = Task.Run(() => RunAsync(_stop.Token));

    public bool IsRunning => !_run.IsCompleted;

    public IngestConnectionHealth Health(long batchesPublished)
    {
        lock (_gate)
        {
            return new IngestConnectionHealth(_connectionId, Plant, _config.EndpointUrl, _state, _lastDataAt, _notifications, _publishResponses,
                batchesPublished, _responses.Reader.Count, _gaps, _gapMessages, [.. _unknownNodeIds], _unknownCount, _client?.ReconnectCount ?? 0,
                _lastError, _config.Tags.Count, _connectedSince, _overflowed);
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        try
        {
            await _run;
        }
        catch (OperationCanceledException)
        {
            // Stopping is what was asked for.
        }

        if (_client is { } client)
        {
            await client.DisposeAsync();
        }

        _responses.Writer.TryComplete();
        _stop.Dispose();
    }

    private async Task RunAsync(CancellationToken cancellationToken)
    {
        var delay = _options.ConnectRetryDelay;
        while (!cancellationToken.IsCancellationRequested)
        {
            var client = new OpcUaClient(ClientOptions(), _loggers.CreateLogger<OpcUaClient>(), _clock);
            client.ConnectionStateChanged += OnConnectionStateChanged;
            try
            {
                await client.ConnectAsync(cancellationToken);
                var subscription = await client.CreateSubscriptionAsync(
                    new SubscriptionOptions { PublishingInterval = TimeSpan.FromMilliseconds(_config.PublishingIntervalMs ?? 1000) },
                    OnDataChange, cancellationToken);
                subscription.NotificationGap += OnGap;
                var accepted = await CheckTagTypesAsync(client, cancellationToken);
                var items = await subscription.AddMonitoredItemsAsync(
                    _config.Tags.Select((tag, index) => (tag, index)).Where(t => accepted[t.index]).Select(t => ItemFor(t.tag, t.index)), cancellationToken);
                NoteRefusedItems(items);
                _client = client;
                _logger.LogInformation("OPC UA ingest {Connection}: subscribed to {Tags} tag(s) at {Endpoint}", _connectionId, _config.Tags.Count, _config.EndpointUrl);
                return; // From here the client keeps the session and subscription alive by itself.
            }
            catch (Exception error) when (error is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
            {
                SetError($"cannot subscribe at {_config.EndpointUrl}: {error.Message}; retrying in {delay.TotalSeconds:0.#} s");
                _logger.LogWarning("OPC UA ingest {Connection}: {Problem}", _connectionId, _lastError);
                client.ConnectionStateChanged -= OnConnectionStateChanged;
                await client.DisposeAsync();
            }

            await Task.Delay(delay, _clock, cancellationToken);
            delay = TimeSpan.FromTicks(Math.Min(delay.Ticks * 2, _options.MaxConnectRetryDelay.Ticks));
        }
    }

    /// <summary>
    /// Reads DataType and ValueRank of every counter and status tag and refuses the ones that cannot feed their
    /// signal (TagTypeRule): refused tags are reported (log + connection health) and never subscribed, so they are
    /// never counted. Live-value tags are not read. Near misses of a known signal name are reported too.
    /// </summary>
    private async Task<bool[]> CheckTagTypesAsync(OpcUaClient client, CancellationToken cancellationToken)
    {
        const int PerRequest = 1_000; // servers cap operations per request; 1,000 is below every common limit
        var tags = _config.Tags;
        var accepted = new bool[tags.Count];
        var toRead = new List<int>();
        for (var i = 0; i < tags.Count; i++)
        {
            accepted[i] = true;
            var signal = SignalNames.Normalize(tags[i].Signal);
            if (SignalNames.NearMiss(signal) is { } meant)
            {
                Refuse(i, $"signal '{tags[i].Signal}' is kept as a live value; did you mean {meant}?", refuse: false);
            }

            if (!SignalNames.Known.Contains(signal))
            {
                continue; // a live value: any type will do
            }

            toRead.Add(i);
        }

        for (var start = 0; start < toRead.Count; start += PerRequest)
        {
            var chunk = toRead.Skip(start).Take(PerRequest).ToList();
            var request = new List<ReadValueId>(chunk.Count * 2);
            foreach (var i in chunk)
            {
                var node = NodeId.Parse(tags[i].NodeId.Trim());
                request.Add(new ReadValueId { NodeId = node, AttributeId = AttributeIds.DataType });
                request.Add(new ReadValueId { NodeId = node, AttributeId = AttributeIds.ValueRank });
            }

            var values = await client.ReadAsync(request, TimestampsToReturn.Neither, cancellationToken);
            for (var k = 0; k < chunk.Count; k++)
            {
                var i = chunk[k];
                DataValue type = values[2 * k], rank = values[(2 * k) + 1];
                if (type.StatusCode.IsBad)
                {
                    // The item's own creation reports the node's problem (unknown node and the like) once.
                    continue;
                }

                if (type.Value.Value is not NodeId dataType)
                {
                    continue; // not a variable (no DataType): the item's creation says so
                }

                var valueRank = rank.StatusCode.IsGood && rank.Value.Value is int r ? r : -1;
                var why = TagTypeRule.Check(SignalNames.Normalize(tags[i].Signal), dataType.NamespaceIndex,
                    dataType.IdType == NodeIdType.Numeric ? dataType.NumericIdentifier : 0, valueRank, statusMapDeclared: tags[i].StatusMap is not null);
                if (why is not null)
                {
                    Refuse(i, why, refuse: true);
                    accepted[i] = false;
                }
            }
        }

        return accepted;

        void Refuse(int i, string why, bool refuse)
        {
            var tag = tags[i];
            NoteUnknown($"{tag.NodeId.Trim()} ({tag.Machine} {tag.Signal}): {why}");
            if (refuse)
            {
                _logger.LogWarning("OPC UA ingest {Connection}: tag {Node} of machine {Machine} is not subscribed: {Reason}", _connectionId, tag.NodeId.Trim(), tag.Machine, why);
            }
            else
            {
                _logger.LogWarning("OPC UA ingest {Connection}: tag {Node} of machine {Machine}: {Reason}", _connectionId, tag.NodeId.Trim(), tag.Machine, why);
            }
        }
    }

    private OpcUaClientOptions ClientOptions()
    {
        var identity = UserIdentity.Anonymous;
        if (_config.UserName is { } user)
        {
            var password = _config.PasswordVariable is { } variable
                ? Environment.GetEnvironmentVariable(variable)
                    ?? throw new InvalidOperationException($"environment variable {variable} (the password of connection {_connectionId}) is not set")
                : _config.Password ?? string.Empty;
            identity = UserIdentity.FromUserName(user, password);
        }

        return new OpcUaClientOptions
        {
            EndpointUrl = _config.EndpointUrl,
            Identity = identity,
            SessionName = $"Twin ingest {_connectionId}",
            ApplicationName = "Twin ingest",
            // Unset means the strongest the server offers; None only when written out or allowed as a fallback.
            SecurityPolicy = _config.SecurityPolicy ?? OpcUaClientOptions.BestPolicy,
            AllowSecurityNone = _config.AllowSecurityNone,
            CertificateKeySize = _config.CertificateKeySize ?? 2048,
            CertificateLifetime = TimeSpan.FromDays(_config.CertificateLifetimeDays ?? 5 * 365),
            SecurityMode = Enum.TryParse<Twin.OpcUa.Services.MessageSecurityMode>(_config.SecurityMode, ignoreCase: true, out var mode)
                ? mode : Twin.OpcUa.Services.MessageSecurityMode.SignAndEncrypt,
            PkiFolder = _config.PkiFolder ?? Path.Combine(Environment.CurrentDirectory, "pki"),
            AutoAcceptUntrustedCertificates = _config.AutoAcceptUntrustedCertificates,
            AllowPasswordInClear = _config.AllowPasswordInClear,
        };
    }

    private MonitoredItemOptions ItemFor(TagConfiguration tag, int index)
    {
        // Node ids were checked when the plant file was loaded (PlantConfigurationCatalog).
        return new MonitoredItemOptions(NodeId.Parse(tag.NodeId.Trim()))
        {
            ClientHandle = SignalBatchBuilder.HandleOf(index),
            SamplingInterval = _config.SamplingIntervalMs is { } ms ? TimeSpan.FromMilliseconds(ms) : null,
            // Counters must not lose increments between publishes: keep a few values per item.
            QueueSize = 10,
        };
    }

    private void NoteRefusedItems(IReadOnlyList<MonitoredItem> items)
    {
        foreach (var item in items.Where(i => i.Status.IsBad))
        {
            NoteUnknown($"{_builder.NodeIdOf(item.ClientHandle)}: {item.Status}");
        }
    }

    private void OnDataChange(OpcUaSubscription subscription, DataChangeBatch message)
    {
        if (message.Count == 0)
        {
            return;
        }

        var now = _clock.GetUtcNow();
        var batches = _builder.Build(message, now, handle => NoteUnknown($"{handle}: notification for a client handle no tag has"));
        lock (_gate)
        {
            _notifications += message.Count;
            _overflowed += message.OverflowCount;
            _publishResponses++;
            _lastDataAt = now;
        }

        RecordMetrics(message, batches, now);

        if (batches.Count == 0)
        {
            return;
        }

        if (!_responses.Writer.TryWrite(batches))
        {
            // Full: wait (this is the client's dispatcher thread; the server holds further messages meanwhile).
            try
            {
                _responses.Writer.WriteAsync(batches, _stop.Token).AsTask().GetAwaiter().GetResult();
            }
            catch (OperationCanceledException)
            {
                _logger.LogWarning("OPC UA ingest {Connection}: stopped while {Count} machine batch(es) waited for the stream", _connectionId, batches.Count);
            }
        }
    }

    /// <summary>Per Publish response, not per value: a handful of instrument calls for thousands of values.</summary>
    private void RecordMetrics(DataChangeBatch message, List<MachineSignalBatch> batches, DateTimeOffset now)
    {
        if (!IngestMetrics.Values.Enabled)
        {
            return;
        }

        var tags = _metricTags.AsSpan();
        IngestMetrics.Values.Add(message.Count, tags);
        IngestMetrics.PublishResponses.Add(1, tags);
        if (message.OverflowCount > 0)
        {
            IngestMetrics.Overflows.Add(message.OverflowCount, tags);
        }

        var newest = DateTimeOffset.MinValue;
        foreach (var batch in batches)
        {
            if (batch.Signals.Count > 0 && batch.Signals[^1].SourceTimestamp > newest)
            {
                newest = batch.Signals[^1].SourceTimestamp;
            }
        }

        if (newest > DateTimeOffset.MinValue)
        {
            IngestMetrics.Lag.Record(Math.Max(0, (now - newest).TotalSeconds), tags);
        }
    }

    private void OnGap(object? sender, NotificationGapEventArgs gap)
    {
        IngestMetrics.Gaps.Add(1, _metricTags.AsSpan());
        lock (_gate)
        {
            _gaps++;
            _gapMessages += Math.Max(1, gap.MissingMessageCount);
            _lastError = $"server lost {(gap.MissingMessageCount < 0 ? "an unknown number of" : gap.MissingMessageCount.ToString(System.Globalization.CultureInfo.InvariantCulture))} notification message(s): {gap.Reason}";
        }

        _logger.LogWarning("OPC UA ingest {Connection}: notification gap ({Reason}); counters catch up with the next value", _connectionId, gap.Reason);
    }

    private void OnConnectionStateChanged(object? sender, ConnectionStateChangedEventArgs change)
    {
        lock (_gate)
        {
            _state = change.Current.ToString();
            if (change.Current == ConnectionState.Connected)
            {
                _connectedSince = _clock.GetUtcNow();
            }
            else if (change.Current is ConnectionState.Reconnecting or ConnectionState.Disconnected)
            {
                _lastError = change.Reason;
            }
        }
    }

    private void NoteUnknown(string description)
    {
        lock (_gate)
        {
            _unknownCount++;
            if (_unknownNodeIds.Count < MaxUnknownNodeIdsListed && !_unknownNodeIds.Contains(description))
            {
                _unknownNodeIds.Add(description);
            }
        }
    }

    private void SetError(string error)
    {
        lock (_gate)
        {
            _lastError = error;
        }
    }
}
