using System.Collections.Concurrent;
using Twin.Contracts;

namespace Twin.Grains.Tests.Infrastructure;

/// <summary>
/// Test-only fault injection in the silo: while a location id is listed, every transfer delivered to it fails
/// as if its silo were unreachable. Lets tests stop a move between its two phases without killing a silo.
/// <see cref="StatusUnreachable"/> does the same to lot status pushes.
/// </summary>
public sealed class TransferFaults : IIncomingGrainCallFilter
{
    public static ConcurrentDictionary<string, int> Unreachable { get; } = new(StringComparer.Ordinal);

    public static ConcurrentDictionary<string, int> StatusUnreachable { get; } = new(StringComparer.Ordinal);

    public Task Invoke(IIncomingGrainCallContext context)
    {
        if (context.InterfaceMethod?.Name == nameof(IWarehouseLocationGrain.AcceptTransfer)
            && Unreachable.ContainsKey(context.TargetId.Key.ToString()!))
        {
            Unreachable.AddOrUpdate(context.TargetId.Key.ToString()!, 1, (_, n) => n + 1);
            throw new TimeoutException($"Injected fault: location {context.TargetId.Key} is unreachable.");
        }
        if (context.InterfaceMethod?.Name == nameof(IWarehouseLocationGrain.ApplyLotStatus)
            && StatusUnreachable.ContainsKey(context.TargetId.Key.ToString()!))
        {
            StatusUnreachable.AddOrUpdate(context.TargetId.Key.ToString()!, 1, (_, n) => n + 1);
            throw new TimeoutException($"Injected fault: location {context.TargetId.Key} is unreachable.");
        }
        return context.Invoke();
    }
}
