using Twin.Domain;

namespace Twin.Grains.Twins;

/// <summary>Conversions between contract records and domain values. Enums share names and numbers on both sides.</summary>
internal static class TwinMapping
{
    public static CommandMeta ToMeta(this CommandContext context) =>
        new(context.RequestId, context.CorrelationId, context.User, context.CausationId, context.Fingerprint);

    public static CommandResult ToResult(this CommandOutcome outcome) =>
        new(outcome.RequestId, outcome.Succeeded,
            outcome.Succeeded ? null : new TwinError(outcome.ErrorCode ?? TwinErrorCodes.InvalidCommand, outcome.Message ?? ""),
            outcome.Version, outcome.Duplicate);

    public static HistoryEntry ToEntry(this HistoryLine line) =>
        new(line.Sequence, line.At, line.Command, line.Change, line.RequestId, line.CorrelationId, line.User, line.Succeeded);

    public static IReadOnlyList<HistoryEntry> History(this TwinRecord twin, int max) =>
        twin.History.Newest(Math.Clamp(max, 0, twin.History.Capacity)).Select(ToEntry).ToArray();

    /// <summary>
    /// Validates the ids and the request context of a command. Returns the rejection, or null when all are valid.
    /// Rejections of malformed input are not remembered: there is no trustworthy request id to remember them by.
    /// </summary>
    public static CommandResult? Invalid(CommandContext? context, params (string? Id, string What)[] ids)
    {
        if (context is null)
        {
            return CommandResult.Fail("", TwinErrorCodes.InvalidCommand, "The command has no context (request id, correlation id).", 0);
        }
        var problem = TwinIds.RequestIdProblem(context.RequestId)
            ?? TwinIds.RequestIdProblem(context.CorrelationId, "correlation id")
            ?? ids.Select(i => TwinIds.Problem(i.Id, i.What)).FirstOrDefault(p => p is not null);
        return problem is null ? null : CommandResult.Fail(context.RequestId ?? "", TwinErrorCodes.InvalidId, problem, 0);
    }

    public static CommandResult Failed(CommandContext context, TwinError error) =>
        CommandResult.Fail(context.RequestId, error.Code, error.Message, 0);
}
