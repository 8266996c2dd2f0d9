namespace Twin.Cli.Api;

/// <summary>
/// A command that cannot go on: <see cref="Exception.Message"/> is the one line printed on stderr (what went wrong
/// and what to do), <see cref="ExitCode"/> is 1 for a failure at run time or 2 for wrong input. A refusal by the
/// silo also carries its HTTP status and problem code, so a command can say it in its own words.
/// </summary>
internal sealed class CliFailure(string message, int exitCode = TwinCommandLine.Failed) : Exception(message)
{
    public int ExitCode { get; } = exitCode;

    /// <summary>The HTTP status the silo answered (0: no answer).</summary>
    public int Status { get; init; }

    /// <summary>The problem's stable code, e.g. <c>machine-not-found</c>.</summary>
    public string? Code { get; init; }

    public static CliFailure Usage(string message) => new(message, TwinCommandLine.UsageError);
}
