using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Orleans.Streams;
using Twin.Contracts;
using Twin.Domain.Ingest;

namespace Twin.Grains.Ingest;

/// <summary>
/// Ingest of one configured OPC UA connection (key = "plant:connection-name", from the plant configuration
/// files). The session lives in the activation: a new activation (after a silo restart or rebalancing)
/// creates a new session and subscription, and a reminder brings the grain back when it is not active.
/// Each Publish response becomes one <see cref="MachineSignalBatch"/> per machine on the machine-signals
/// stream — never one item per value (DESIGN.md: one-by-one is 60× slower on ADO.NET streams). When the
/// stream refuses items (memory streams throw at 16,384 undelivered), the batch is kept and offered again.
/// </summary>
public sealed class OpcUaIngestGrain(
    PlantConfigurationCatalog catalog,
    IOptions<IngestOptions> options,
    IServiceProvider services,
    ILoggerFactory loggers,
    ILogger<OpcUaIngestGrain> logger) : Grain, IOpcUaIngestGrain, IRemindable
{
    private const string KeepAliveReminder = "ingest-keep-alive";
    private static readonly TimeSpan MaxStreamRetryDelay = TimeSpan.FromSeconds(2);

    private readonly TimeProvider _clock = services.GetService<TimeProvider>() ?? TimeProvider.System;
    private readonly CancellationTokenSource _deactivating = new();
    private IngestSession? _session;
    private Task _forwarding = Task.CompletedTask;
    private long _batchesPublished;

    private string ConnectionId => this.GetPrimaryKeyString();

    public override async Task OnActivateAsync(CancellationToken cancellationToken)
    {
        if (catalog.Find(ConnectionId) is null)
        {
            logger.LogWarning("OPC UA ingest {Connection} is not in any plant configuration file on this silo; it stays idle", ConnectionId);
            return;
        }

        await this.RegisterOrUpdateReminder(KeepAliveReminder, options.Value.KeepAlivePeriod, options.Value.KeepAlivePeriod);
        StartSession();
    }

    public override async Task OnDeactivateAsync(DeactivationReason reason, CancellationToken cancellationToken)
    {
        if (_session is { } session)
        {
            // Stop taking data first, then hand what is buffered to the stream before the activation goes.
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
        // Runs on the grain's scheduler, so stream calls are made from the activation as Orleans requires.
        _forwarding = Task.Factory.StartNew(() => ForwardAsync(session), CancellationToken.None, TaskCreationOptions.None, TaskScheduler.Current).Unwrap();
    }

    private async Task ForwardAsync(IngestSession session)
    {
        var streams = this.GetStreamProvider(TwinProviders.Streams);
        var reader = session.Responses;
        while (await reader.WaitToReadAsync(CancellationToken.None))
        {
            while (reader.TryPeek(out var response))
            {
                foreach (var batch in response.ToList())
                {
                    await PublishAsync(streams, batch);
                    response.Remove(batch); // Published: a retry after a refusal does not send it twice.
                }

                reader.TryRead(out _);
            }
        }
    }

    private async Task PublishAsync(IStreamProvider streams, MachineSignalBatch batch)
    {
        var delay = TimeSpan.FromMilliseconds(20);
        while (true)
        {
            try
            {
                await streams.GetStream<MachineSignalBatch>(StreamId.Create(StreamNamespaces.MachineSignals, batch.MachineId)).OnNextAsync(batch);
                _batchesPublished++;
                return;
            }
            catch (Exception error) when (error is not OperationCanceledException && !_deactivating.IsCancellationRequested)
            {
                // Memory streams throw when a queue is full and storage-backed ones when the database hiccups: keep the
                // batch and offer it again; the OPC UA server buffers behind us meanwhile.
                logger.LogWarning("OPC UA ingest {Connection}: stream refused signals of machine {Machine} ({Reason}); retrying in {Delay} ms",
                    ConnectionId, batch.MachineId, error.Message, (int)delay.TotalMilliseconds);
                await Task.Delay(delay, _clock);
                delay = TimeSpan.FromTicks(Math.Min(delay.Ticks * 2, MaxStreamRetryDelay.Ticks));
            }
        }
    }
}
