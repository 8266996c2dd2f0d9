using System.CommandLine;
using Twin.Cli;

namespace Twin.Interop.Tests.Cli;

/// <summary>Runs `twin ...` in-process with captured stdout and stderr.</summary>
internal sealed class TwinCli
{
    public LineWriter Output { get; } = new();

    public LineWriter Error { get; } = new();

    public async Task<int> RunAsync(TimeSpan timeout, params string[] args)
    {
        using var cts = new CancellationTokenSource(timeout);
        var exitCode = await TwinCommandLine.Create().Parse(args).InvokeAsync(new InvocationConfiguration { Output = Output, Error = Error }, cts.Token);
        Assert.False(cts.IsCancellationRequested, $"`twin {string.Join(' ', args)}` did not finish within {timeout.TotalSeconds} s. Output: {string.Join(" | ", Output.Lines)} Errors: {string.Join(" | ", Error.Lines)}");
        return exitCode;
    }
}
