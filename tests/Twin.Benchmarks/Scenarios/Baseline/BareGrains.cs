using Orleans;
using Orleans.Runtime;

namespace Twin.Benchmarks.Scenarios.Baseline;

// The trivial grains of the baseline: what Orleans itself costs on this machine, with no Twin code in the way.
// They live in the benchmark assembly and run in the baseline's own tiny silo (BaselineHost), never in src/.

/// <summary>A small answer, about the size of a short twin reading.</summary>
[GenerateSerializer, Immutable]
public sealed record BareReading([property: Id(0)] long Id, [property: Id(1)] string Name, [property: Id(2)] double Value, [property: Id(3)] DateTimeOffset At);

/// <summary>Answers a read from memory: the ceiling of any twin read.</summary>
public interface IBareGrain : IGrainWithIntegerKey
{
    Task<BareReading> Get();
}

public sealed class BareGrain : Grain, IBareGrain
{
    private BareReading? _reading;

    public Task<BareReading> Get() =>
        Task.FromResult(_reading ??= new BareReading(this.GetPrimaryKeyLong(), "bare", 42.5, DateTimeOffset.UnixEpoch));
}

/// <summary>Nothing at all: its activation's managed heap is Orleans' own cost per grain.</summary>
public interface IEmptyGrain : IGrainWithIntegerKey
{
    Task Ping();
}

public sealed class EmptyGrain : Grain, IEmptyGrain
{
    public Task Ping() => Task.CompletedTask;
}

[GenerateSerializer]
public sealed class BareState
{
    [Id(0)] public long Count { get; set; }

    [Id(1)] public string? Name { get; set; }
}

/// <summary>An empty grain with an IPersistentState (memory storage): Orleans' cost per grain with state.</summary>
public interface IPersistentBareGrain : IGrainWithIntegerKey
{
    Task Ping();
}

public sealed class PersistentBareGrain([PersistentState("bare", BaselineHost.Storage)] IPersistentState<BareState> state) : Grain, IPersistentBareGrain
{
    public Task Ping() => Task.FromResult(state.State.Count);
}

/// <summary>A batch of stream events: 100 per OnNextAsync.</summary>
[GenerateSerializer, Immutable]
public sealed record BareEvent([property: Id(0)] long Sequence, [property: Id(1)] long TicksSent);
