using Twin.Contracts;

namespace Twin.Client;

/// <summary>Thrown by <see cref="CommandResultExtensions.EnsureSucceeded(CommandResult)"/> when a twin rejected a command.</summary>
public sealed class TwinCommandRejectedException : Exception
{
    /// <summary>Creates the exception for a rejected <paramref name="result"/>.</summary>
    public TwinCommandRejectedException(CommandResult result)
        : base($"{result.Error?.Code ?? "rejected"}: {result.Error?.Message ?? "the twin rejected the command."}")
    {
        Result = result;
    }

    /// <summary>The rejected outcome, with its stable error code.</summary>
    public CommandResult Result { get; }

    /// <summary>The stable error code (see <see cref="TwinErrorCodes"/>).</summary>
    public string Code => Result.Error?.Code ?? "rejected";

    /// <summary>Invalid input, unknown twin, or business-rule conflict.</summary>
    public TwinErrorKind Kind => Result.Error?.Kind ?? TwinErrorKind.Conflict;
}

/// <summary>Helpers for <see cref="CommandResult"/>.</summary>
public static class CommandResultExtensions
{
    /// <summary>Returns <paramref name="result"/> when it succeeded; otherwise throws <see cref="TwinCommandRejectedException"/>.</summary>
    public static CommandResult EnsureSucceeded(this CommandResult result) =>
        result.Succeeded ? result : throw new TwinCommandRejectedException(result);

    /// <summary>Awaits the command and returns its result when it succeeded; otherwise throws <see cref="TwinCommandRejectedException"/>.</summary>
    public static async Task<CommandResult> EnsureSucceeded(this Task<CommandResult> pending) =>
        (await pending.ConfigureAwait(false)).EnsureSucceeded();
}
