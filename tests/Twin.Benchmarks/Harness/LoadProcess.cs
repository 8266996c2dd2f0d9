using System.Diagnostics;

namespace Twin.Benchmarks.Harness;

/// <summary>
/// A client load run as its own process, speaking three lines: it prints "READY ..." when set up, answers each
/// "mark" on stdin with "COUNT n", and exits when stdin closes. Its CPU time is read from outside (/proc),
/// so every client is measured the same way whatever its language.
/// </summary>
public sealed class LoadProcess : IAsyncDisposable
{
    private readonly Process _process;
    private readonly string _name;
    private readonly List<string> _errors = [];

    private LoadProcess(string name, Process process, Action<string>? onErrorLine)
    {
        _name = name;
        _process = process;
        _process.ErrorDataReceived += (_, e) =>
        {
            if (e.Data is { } line)
            {
                onErrorLine?.Invoke(line);
                lock (_errors)
                {
                    _errors.Add(line);
                }
            }
        };
        _process.BeginErrorReadLine();
    }

    public string Name => _name;

    public int ProcessId => _process.Id;

    /// <summary>Starts <paramref name="fileName"/>; <paramref name="onErrorLine"/> (optional) sees every stderr line, e.g. the PlantSimulator's rate reports.</summary>
    public static LoadProcess Start(string name, string fileName, IEnumerable<string> arguments, string? workingDirectory = null, Action<string>? onErrorLine = null)
    {
        var start = new ProcessStartInfo(fileName)
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = workingDirectory ?? Environment.CurrentDirectory,
        };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        var process = Process.Start(start)
            ?? throw new InvalidOperationException($"Could not start {name} ({fileName}).");
        return new LoadProcess(name, process, onErrorLine);
    }

    /// <summary>Starts this benchmark program again with <paramref name="arguments"/> (e.g. the client-load sub-command).</summary>
    public static LoadProcess StartSelf(string name, IEnumerable<string> arguments)
    {
        var host = Environment.ProcessPath ?? throw new InvalidOperationException("Cannot tell which executable runs the benchmarks.");
        var viaDotnet = Path.GetFileNameWithoutExtension(host) == "dotnet";
        var prefix = viaDotnet ? new[] { typeof(LoadProcess).Assembly.Location } : [];
        return Start(name, host, prefix.Concat(arguments));
    }

    /// <summary>Waits for the line starting with READY.</summary>
    public async Task WaitReadyAsync(TimeSpan within, CancellationToken cancellationToken)
    {
        var line = await ReadLineAsync(within, "READY", cancellationToken);
        if (!line.StartsWith("READY", StringComparison.Ordinal))
        {
            throw Broke($"printed '{line}' instead of READY");
        }
    }

    /// <summary>For one-shot commands: waits for the process to end and fails unless it ended with exit code 0.</summary>
    public async Task WaitForExitAsync(TimeSpan within, CancellationToken cancellationToken)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(within);
        try
        {
            await _process.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            throw Broke($"did not finish within {within.TotalSeconds:0} s");
        }

        if (_process.ExitCode != 0)
        {
            throw Broke($"ended with exit code {_process.ExitCode}");
        }
    }

    /// <summary>Asks for the count received so far and reads the process's CPU time right then.</summary>
    public async Task<(long Count, TimeSpan Cpu)> MarkAsync(CancellationToken cancellationToken)
    {
        await _process.StandardInput.WriteLineAsync("mark");
        await _process.StandardInput.FlushAsync(cancellationToken);
        var line = await ReadLineAsync(TimeSpan.FromSeconds(30), "COUNT", cancellationToken);
        _process.Refresh();
        var cpu = _process.TotalProcessorTime;
        var parts = line.Split(' ', StringSplitOptions.RemoveEmptyEntries);
        if (parts is not ["COUNT", var text] || !long.TryParse(text, out var count))
        {
            throw Broke($"answered '{line}' to mark instead of COUNT <n>");
        }

        return (count, cpu);
    }

    /// <summary>Sends <paramref name="command"/> on stdin and returns the first answer line starting with <paramref name="answerPrefix"/>.</summary>
    public async Task<string> AskAsync(string command, string answerPrefix, CancellationToken cancellationToken)
    {
        await _process.StandardInput.WriteLineAsync(command);
        await _process.StandardInput.FlushAsync(cancellationToken);
        return await ReadLineAsync(TimeSpan.FromSeconds(30), answerPrefix, cancellationToken);
    }

    public long PeakWorkingSetBytes
    {
        get
        {
            _process.Refresh();
            return _process.PeakWorkingSet64;
        }
    }

    /// <summary>Ends a child that does not watch its stdin (e.g. the PlantSimulator). Only our own child, by its id.</summary>
    public void Kill()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
        }
    }

    public async ValueTask DisposeAsync()
    {
        try
        {
            _process.StandardInput.Close();
        }
        catch (IOException)
        {
            // Already gone: nothing to close.
        }

        using var wait = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        try
        {
            await _process.WaitForExitAsync(wait.Token);
        }
        catch (OperationCanceledException)
        {
            // It did not leave when asked; this is our own child, ended by its id.
            _process.Kill(entireProcessTree: true);
        }

        _process.Dispose();
    }

    private async Task<string> ReadLineAsync(TimeSpan within, string waitingFor, CancellationToken cancellationToken)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(within);
        try
        {
            while (true)
            {
                var line = await _process.StandardOutput.ReadLineAsync(timeout.Token)
                    ?? throw Broke($"exited (code {(_process.HasExited ? _process.ExitCode : -1)}) while the benchmark waited for {waitingFor}");
                if (line.StartsWith(waitingFor, StringComparison.Ordinal))
                {
                    return line;
                }
            }
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            throw Broke($"did not print {waitingFor} within {within.TotalSeconds:0} s");
        }
    }

    private InvalidOperationException Broke(string what)
    {
        string errors;
        lock (_errors)
        {
            errors = string.Join(Environment.NewLine, _errors.TakeLast(20));
        }

        return new InvalidOperationException($"{_name} {what}.{(errors.Length > 0 ? $" Its stderr:{Environment.NewLine}{errors}" : "")}");
    }
}
