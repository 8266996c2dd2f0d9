using Microsoft.Extensions.Logging;
using Orleans.Serialization.Invocation;

namespace Twin.Grains.Telemetry;

/// <summary>
/// Opens the correlation log scope (<see cref="CorrelationLogScope"/>) around every grain call that carries a
/// correlation id — a command's <see cref="CommandContext"/>, a business event, a machine's signal batch — so what a
/// twin logs while handling it names the work it belongs to, without every log call passing the id. Calls without
/// one (reads, timers, Orleans' own) pass straight through. Costs a scan of the call's arguments and one small scope
/// object per correlated call.
/// </summary>
public sealed class CorrelationLogFilter(ILoggerFactory loggers) : IIncomingGrainCallFilter
{
    // Scopes belong to the logger factory, not to one logger: a scope begun here is seen by every logger's lines.
    private readonly ILogger _scopes = loggers.CreateLogger("Twin.Correlation");

    public Task Invoke(IIncomingGrainCallContext context)
    {
        var id = CorrelationOf(context.Request);
        return id is null ? context.Invoke() : InvokeInScope(context, id);
    }

    private async Task InvokeInScope(IIncomingGrainCallContext context, string id)
    {
        using (_scopes.BeginScope(new CorrelationLogScope(id)))
        {
            await context.Invoke();
        }
    }

    private static string? CorrelationOf(IInvokable request)
    {
        var count = request.GetArgumentCount();
        for (var i = 0; i < count; i++)
        {
            switch (request.GetArgument(i))
            {
                case ITwinCommand command:
                    return command.Context.CorrelationId;
                case CommandContext context:
                    return context.CorrelationId;
                case TwinEvent change:
                    return change.CorrelationId;
                case MachineSignalBatch batch:
                    return batch.CorrelationId;
            }
        }

        return null;
    }
}
