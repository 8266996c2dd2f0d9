using System.Diagnostics;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Twin.Contracts;
using Twin.Domain.Ingest;
using Twin.Domain.Objectives;
using Twin.Grains.Kpis;
using Twin.Grains.Telemetry;

namespace Twin.Grains.Ingest;

/// <summary>
/// Ingest of one configured OPC UA connection (key = "plant:connection-name", from the plant configuration
/// files). The session lives in the activation: a new activation (after a silo restart or rebalancing)
/// creates a new session and subscription, and a reminder brings the grain back when it is not active.
/// Each Publish response becomes one <see cref="MachineSignalBatch"/> per machine, handed to the machine twins
/// by direct grain calls (docs/live-path.md): signals are live data re-sent by the server, not business
/// events, so they do not travel on a durable stream (one queue row per machine per response was the
/// ceiling of the PostgreSQL profile). Counters are absolute, so a batch lost in a crash is made good by
/// the next value against the twin's persisted baseline.
/// </summary>
public sealed class OpcUaIngestGrain(
    PlantConfigurationCatalog catalog,
    IOptions<IngestOptions> options,
    IServiceProvider services,
    ILoggerFactory loggers,
    ILogger<OpcUaIngestGrain> logger) : Grain, IOpcUaIngestGrain, IRemindable
{
    private const string KeepAliveReminder = "ingest-keep-alive";
    private static readonly TimeSpan MaxRetryDelay = TimeSpan.FromSeconds(2);

    private readonly TimeProvider _clock = services.GetService<TimeProvider>() ?? TimeProvider.System;
    private readonly ObjectiveRecorder? _objectives = services.GetService<ObjectiveRecorder>();
    private readonly CancellationTokenSource _deactivating = new();
    private IngestSession? _session;
    private Task _forwarding = Task.CompletedTask;
    private readonly HashSet<string> _rejectedMachines = new(StringComparer.Ordinal);
    private readonly Dictionary<string, IMachineGrain> _machines = new(StringComparer.Ordinal);
    private long _batchesPublished;

    private string ConnectionId => this.GetPrimaryKeyString();

    public override async Task OnActivateAsync(CancellationToken cancellationToken)
    {
        if (catalog.Find(ConnectionId) is null)
        {
            logger.LogWarning("OPC UA ingest {Connection} is not in any plant configuration file on this silo; it stays idle", ConnectionId);
            return;
        }

        // Connect first: after a failover the reminder table write (the reminder service may still be taking over the
        // dead silo's range) held the session back by a second or more on a loaded machine.
        StartSession();
        await this.RegisterOrUpdateReminder(KeepAliveReminder, options.Value.KeepAlivePeriod, options.Value.KeepAlivePeriod);
    }

    public override async Task OnDeactivateAsync(DeactivationReason reason, CancellationToken cancellationToken)
    {
        if (_session is { } session)
        {
            // Stop taking data first, then hand what is buffered to the twins before the activation goes.
            await session.DisposeAsync();
            await _deactivating.CancelAsync();
            try
            {
                await _forwarding.WaitAsync(cancellationToken);
            }
            catch (OperationCanceledException)
            {
                logger.LogWarning("OPC UA ingest {Connection}: deactivated with {Count} response(s) still buffered", ConnectionId, session.Responses.Count);
            }
            catch (Exception error)
            {
                // Typically the silo is stopping and the twins can no longer be placed. One line, no stack trace: counters
                // are absolute, so the next session's first values carry the totals and no production is lost.
                logger.LogWarning("OPC UA ingest {Connection}: {Count} buffered response(s) not handed to the machine twins while deactivating ({Reason}); the next session's values carry the counter totals",
                    ConnectionId, session.Responses.Count, error.Message.Split('.')[0]);
            }
        }
    }

    public Task Start()
    {
        if (_session is { IsRunning: false } && _session.Health(0).State is not ("Connected" or "Reconnecting"))
        {
            // The connect loop ended without a live client (should not happen); start over with a fresh session.
            _ = _session.DisposeAsync().AsTask();
            _session = null;
        }

        if (_session is null && catalog.Find(ConnectionId) is not null)
        {
            StartSession();
        }

        return Task.CompletedTask;
    }

    public Task ReceiveReminder(string reminderName, TickStatus status) => Start();

    public Task<IngestConnectionHealth> GetHealth()
    {
        if (_session is { } session)
        {
            return Task.FromResult(session.Health(_batchesPublished));
        }

        var plant = IngestConnectionId.PlantOf(ConnectionId);
        return Task.FromResult(new IngestConnectionHealth(ConnectionId, plant, catalog.Find(ConnectionId)?.EndpointUrl ?? "", "NotConfigured",
            null, 0, 0, 0, 0, 0, 0, [], 0, 0, "no plant configuration file on the silo names this connection", 0, null));
    }

    private void StartSession()
    {
        var config = catalog.Find(ConnectionId)!;
        var session = new IngestSession(ConnectionId, IngestConnectionId.PlantOf(ConnectionId), config, options.Value, loggers, _clock);
        _session = session;
        session.Start();
        // Runs on the grain's scheduler, so grain calls are made from the activation as Orleans requires.
        _forwarding = Task.Factory.StartNew(() => ForwardAsync(session), CancellationToken.None, TaskCreationOptions.None, TaskScheduler.Current).Unwrap();
    }

    private async Task ForwardAsync(IngestSession session)
    {
        var reader = session.Responses;
        while (await reader.WaitToReadAsync(CancellationToken.None))
        {
            while (reader.TryPeek(out var response))
            {
                await DeliverAsync(response);
                reader.TryRead(out _);
            }
        }
    }

    private static DateTimeOffset? NewestSourceTime(List<MachineSignalBatch> response)
    {
        DateTimeOffset? newest = null;
        foreach (var batch in response)
        {
            foreach (var signal in batch.Signals)
            {
                if (signal.SourceTimestamp != default && (newest is null || signal.SourceTimestamp > newest))
                {
                    newest = signal.SourceTimestamp;
                }
            }
        }

        return newest;
    }

    /// <summary>
    /// Hands one Publish response to its machine twins: one grain call per machine, all machines of the
    /// response at once, then the next response. A machine whose call fails (its silo is going away, the
    /// cluster is rebalancing) is offered its batch again with backoff; the batches that were taken are not
    /// sent twice. While this waits, the bounded session buffer fills and the OPC UA server holds further
    /// notifications (with Republish), so nothing is dropped.
    /// </summary>
    private async Task DeliverAsync(List<MachineSignalBatch> response)
    {
        using var activity = TwinActivities.Source.StartActivity("opcua.publish_response", ActivityKind.Consumer);
        if (activity is not null && response.Count > 0)
        {
            activity.SetTag(TwinActivities.PlantTag, response[0].Plant);
            activity.SetTag(TwinActivities.CorrelationIdTag, response[0].CorrelationId);
            activity.SetTag("twin.opcua.connection", ConnectionId);
            activity.SetTag("twin.opcua.machines", response.Count);
        }

        // The machine-telemetry objective runs from the newest source time stamp of the response until every machine
        // twin of it took its batch (retries included): one latency per Publish response, like the ingest lag.
        var plant = response.Count > 0 ? response[0].Plant : null;
        var newest = NewestSourceTime(response);
        var delay = TimeSpan.FromMilliseconds(20);
        while (response.Count > 0)
        {
            var calls = new Task<SignalBatchResult>[response.Count];
            for (var i = 0; i < response.Count; i++)
            {
                calls[i] = MachineOf(response[i].MachineId).AcceptSignals(response[i]);
            }

            try
            {
                await Task.WhenAll(calls);
            }
            catch (Exception) when (!_deactivating.IsCancellationRequested)
            {
                // Looked at per call below.
            }

            var refused = new List<MachineSignalBatch>();
            string? reason = null;
            for (var i = 0; i < calls.Length; i++)
            {
                if (calls[i].IsCompletedSuccessfully)
                {
                    _batchesPublished++;
                    NoteRejection(response[i], calls[i].Result);
                }
                else
                {
                    refused.Add(response[i]);
                    reason ??= calls[i].Exception?.GetBaseException().Message ?? "cancelled";
                }
            }

            response.Clear();
            response.AddRange(refused);
            if (refused.Count == 0 && plant is not null && newest is { } sourceTime)
            {
                _objectives?.Record(plant, Workflows.MachineTelemetry, sourceTime, _clock.GetUtcNow());
            }

            if (refused.Count == 0 || _deactivating.IsCancellationRequested)
            {
                return;
            }

            logger.LogWarning("OPC UA ingest {Connection}: {Count} machine twin(s) did not take their signals ({Reason}); retrying in {Delay} ms",
                ConnectionId, refused.Count, reason, (int)delay.TotalMilliseconds);
            await Task.Delay(delay, _clock);
            delay = TimeSpan.FromTicks(Math.Min(delay.Ticks * 2, MaxRetryDelay.Ticks));
        }
    }

    /// <summary>
    /// Grain references are resolved once per machine: GetGrain looks the interface type up by reflection, which
    /// cost a tenth of the silo's CPU when done for every batch (benchmark profile).
    /// </summary>
    private IMachineGrain MachineOf(string machineId)
    {
        if (!_machines.TryGetValue(machineId, out var machine))
        {
            _machines[machineId] = machine = GrainFactory.GetGrain<IMachineGrain>(machineId);
        }
        return machine;
    }

    /// <summary>A machine that belongs to another plant refuses the batch for good: say so once per machine, do not retry.</summary>
    private void NoteRejection(MachineSignalBatch batch, SignalBatchResult result)
    {
        if (result.Error is { } error && _rejectedMachines.Add(batch.MachineId))
        {
            logger.LogWarning("OPC UA ingest {Connection}: machine {Machine} refuses its signals ({Code}): {Message}; fix the tag map",
                ConnectionId, batch.MachineId, error.Code, error.Message);
        }
    }
}
