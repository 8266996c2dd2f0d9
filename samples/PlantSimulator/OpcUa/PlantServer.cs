using PlantSimulator.Simulation;
using Twin.OpcUa.Server;

namespace PlantSimulator.OpcUa;

/// <summary>
/// The simulated plant served over OPC UA: an <see cref="OpcUaServer"/> with the plant's address
/// space, moved forward by <see cref="Step"/> (the tick loop calls it; tests call it directly).
/// </summary>
public sealed class PlantServer : IAsyncDisposable
{
    private readonly OpcUaServer _server;
    private readonly PlantAddressSpace _nodes;
    private readonly Lock _stepLock = new();
    private long _ticks;
    private long _valueChanges;

    private PlantServer(OpcUaServer server, Plant plant, PlantAddressSpace nodes)
    {
        _server = server;
        Plant = plant;
        _nodes = nodes;
    }

    public Plant Plant { get; }

    /// <summary>The running OPC UA server (sessions, subscriptions, endpoint URL).</summary>
    public OpcUaServer Server => _server;

    public string EndpointUrl => _server.EndpointUrl;

    /// <summary>Ticks simulated so far.</summary>
    public long Ticks => Interlocked.Read(ref _ticks);

    /// <summary>Variable updates written so far (what subscribers can be notified of).</summary>
    public long ValueChanges => Interlocked.Read(ref _valueChanges);

    /// <summary>Builds the plant's address space on a new server and starts listening.</summary>
    public static async Task<PlantServer> StartAsync(Plant plant, OpcUaServerOptions options, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(plant);
        var server = new OpcUaServer(options with { MaxMonitoredItemsPerSubscription = Math.Max(options.MaxMonitoredItemsPerSubscription, plant.Machines.Count * MachineSignals.Each.Count) });
        try
        {
            var nodes = PlantAddressSpace.Build(server.AddressSpace, plant);
            await server.StartAsync(cancellationToken);
            return new PlantServer(server, plant, nodes);
        }
        catch
        {
            await server.DisposeAsync();
            throw;
        }
    }

    /// <summary>Moves every machine forward by <paramref name="simulated"/> and publishes what changed, stamped <paramref name="now"/>.</summary>
    public int Step(TimeSpan simulated, DateTime now)
    {
        var updated = 0;
        lock (_stepLock)
        {
            var machines = Plant.Machines;
            for (var i = 0; i < machines.Count; i++)
            {
                var changed = machines[i].Advance(simulated);
                if (changed != MachineSignal.None)
                {
                    updated += _nodes.Publish(i, changed, now);
                }
            }
        }

        Interlocked.Increment(ref _ticks);
        Interlocked.Add(ref _valueChanges, updated);
        return updated;
    }

    /// <summary>Steps every <paramref name="tick"/> of real time until cancelled; each step simulates tick × <paramref name="timeScale"/>.</summary>
    public async Task RunAsync(TimeSpan tick, double timeScale, TimeProvider time, CancellationToken cancellationToken)
    {
        using var timer = new PeriodicTimer(tick, time);
        var simulated = tick * timeScale;
        try
        {
            while (await timer.WaitForNextTickAsync(cancellationToken))
            {
                Step(simulated, time.GetUtcNow().UtcDateTime);
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // Stopped: Ctrl+C or the host shutting down.
        }
    }

    public ValueTask DisposeAsync() => _server.DisposeAsync();
}
