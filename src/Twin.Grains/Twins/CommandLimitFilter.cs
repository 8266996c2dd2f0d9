using Microsoft.Extensions.Options;
using Orleans.Serialization.Invocation;

namespace Twin.Grains.Twins;

/// <summary>
/// Holds every twin command to <see cref="CommandLimitRules"/> before the twin runs it. A grain call filter because
/// it is the one door every command passes: REST endpoints, client SDK apps through the gateway, the ERP sync and twin
/// to twin calls all reach a twin as a grain call, so no entry point can skip a bound and no oversized value is
/// stored, journaled or published. A refused command is answered in the method's own result type with the
/// violation as its error (code, field, limit): <see cref="CommandResult"/>, <see cref="SignalBatchResult"/> or a
/// refused <see cref="ErpOrderSyncAnswer"/>; the twin is not consulted, so the result's version is 0.
/// <para>
/// Cost: a scan of the call's arguments (as <see cref="Telemetry.CorrelationLogFilter"/> does) and a few length and
/// range comparisons per command. Signal batches are the live path (docs/live-path.md): a batch sent by a grain — the
/// OPC UA ingest grain — gets the count and the two length checks per value only (an OPC UA string value is bounded
/// by nothing but the channel's message size); a batch from outside the silo's grains (the REST signals endpoint, SDK
/// apps) also gets the counter-range and source-time checks.
/// </para>
/// </summary>
public sealed class CommandLimitFilter(IOptions<CommandLimits> options, TimeProvider? clock = null) : IIncomingGrainCallFilter
{
    private readonly CommandLimits _limits = options.Value;
    private readonly TimeProvider _clock = clock ?? TimeProvider.System;

    public Task Invoke(IIncomingGrainCallContext context)
    {
        var refusal = Refusal(context);
        if (refusal is null)
            return context.Invoke();
        context.Result = AnswerFor(context.InterfaceMethod.ReturnType, context.Request, refusal);
        return Task.CompletedTask;
    }

    private LimitViolation? Refusal(IIncomingGrainCallContext context)
    {
        var request = context.Request;
        var count = request.GetArgumentCount();
        for (var i = 0; i < count; i++)
        {
            switch (request.GetArgument(i))
            {
                case ITwinCommand command:
                    var violation = CommandLimitRules.Check(command, _limits, out var known);
                    if (!known)
                    {
                        // A new command type without bounds is a programming error: refuse loudly rather than accept unbounded input.
                        throw new InvalidOperationException($"{command.GetType().Name} has no bounds in {nameof(CommandLimitRules)}; add them there.");
                    }

                    return violation;
                case MachineSignalBatch batch:
                    return CommandLimitRules.CheckSignals(batch.Signals, _limits, _clock.GetUtcNow(), sizesOnly: FromGrain(context));
            }
        }

        return null;
    }

    /// <summary>A call made by a grain of this cluster, not by a client (an SDK app), by host code such as the REST
    /// endpoints, or by a system target.</summary>
    private static bool FromGrain(IIncomingGrainCallContext context) =>
        context.SourceId is { } source && !GrainTypePrefix.IsClient(source.Type) && !GrainTypePrefix.IsSystemTarget(source.Type);

    private static object AnswerFor(Type returnType, IInvokable request, LimitViolation violation)
    {
        var result = returnType.IsGenericType ? returnType.GetGenericArguments()[0] : returnType;
        if (result == typeof(CommandResult))
        {
            var requestId = CommandOf(request)?.Context?.RequestId ?? "";
            return new CommandResult(requestId, false, violation.ToError(), 0);
        }

        if (result == typeof(SignalBatchResult))
        {
            var batch = BatchOf(request);
            return new SignalBatchResult(batch?.EventId ?? "", 0, batch?.Signals?.Count ?? 0, false, violation.ToError());
        }

        if (result == typeof(ErpOrderSyncAnswer))
            return new ErpOrderSyncAnswer(ErpOrderSyncOutcome.Refused, 0, $"{violation.Code}: {violation.Message}");
        throw new ArgumentException(violation.Message, violation.Field);
    }

    private static ITwinCommand? CommandOf(IInvokable request)
    {
        for (var i = 0; i < request.GetArgumentCount(); i++)
        {
            if (request.GetArgument(i) is ITwinCommand command)
                return command;
        }

        return null;
    }

    private static MachineSignalBatch? BatchOf(IInvokable request)
    {
        for (var i = 0; i < request.GetArgumentCount(); i++)
        {
            if (request.GetArgument(i) is MachineSignalBatch batch)
                return batch;
        }

        return null;
    }
}
