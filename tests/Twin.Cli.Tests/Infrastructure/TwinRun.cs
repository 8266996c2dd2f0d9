using Twin.Cli.Api;

namespace Twin.Cli.Tests.Infrastructure;

/// <summary>What one `twin …` run printed and how it ended.</summary>
public sealed record CliRun(int ExitCode, string Output, string Error)
{
    public string[] OutputLines => Output.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);

    public string[] ErrorLines => Error.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);

    public override string ToString() => $"exit {ExitCode}; stdout: {Output}; stderr: {Error}";
}

/// <summary>
/// Runs `twin …` in-process through <see cref="TwinCommandLine.InvokeAsync"/> (the entry Program.cs uses) with its own
/// environment variables, so parallel tests never share TWIN_API_KEY or TWIN_URL.
/// </summary>
public static class TwinRun
{
    public static async Task<CliRun> RunAsync(IReadOnlyDictionary<string, string> environment, params string[] args)
    {
        var output = new StringWriter();
        var error = new StringWriter();
        using var deadline = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        var exit = await TwinCommandLine.InvokeAsync(args, new System.CommandLine.InvocationConfiguration { Output = output, Error = error },
            new CliEnvironment(name => environment.GetValueOrDefault(name)), deadline.Token);
        Assert.False(deadline.IsCancellationRequested, $"`twin {string.Join(' ', args)}` did not finish within 60 s");
        return new CliRun(exit, output.ToString(), error.ToString());
    }

    /// <summary>The environment of an operator at <paramref name="silo"/> with <paramref name="apiKey"/>.</summary>
    public static Dictionary<string, string> Environment(Uri silo, string apiKey) => new()
    {
        [CliEnvironment.UrlVariable] = silo.ToString(),
        [CliEnvironment.ApiKeyVariable] = apiKey,
    };
}
