using System.Diagnostics;
using System.Text;
using System.Threading.Channels;

namespace Twin.EndToEnd.Tests.Harness;

/// <summary>
/// A child process whose stdout lines can be awaited ("READY 4840", "OK tick 5") and whose stdin takes
/// commands. Output is kept so a failure can show it.
/// </summary>
internal sealed class LineProcess : IAsyncDisposable
{
    private readonly Process _process;
    private readonly StringBuilder _log = new();
    private readonly Channel<string> _lines = Channel.CreateUnbounded<string>();
    private readonly SemaphoreSlim _commands = new(1, 1);

    private LineProcess(Process process, string name)
    {
        _process = process;
        Name = name;
    }

    public string Name { get; }

    public string Output
    {
        get
        {
            lock (_log)
            {
                return _log.ToString();
            }
        }
    }

    public static LineProcess Start(string name, string fileName, IEnumerable<string> arguments, string? workingDirectory = null, IReadOnlyDictionary<string, string>? environment = null)
    {
        var info = new ProcessStartInfo(fileName)
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = workingDirectory ?? Environment.CurrentDirectory,
        };
        foreach (var argument in arguments)
        {
            info.ArgumentList.Add(argument);
        }

        foreach (var (key, value) in environment ?? new Dictionary<string, string>())
        {
            info.Environment[key] = value;
        }

        var process = new Process { StartInfo = info, EnableRaisingEvents = true };
        var child = new LineProcess(process, name);
        process.OutputDataReceived += (_, e) => child.Receive(e.Data, toChannel: true);
        process.ErrorDataReceived += (_, e) => child.Receive(e.Data, toChannel: false);
        process.Exited += (_, _) => child._lines.Writer.TryComplete();
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return child;
    }

    /// <summary>Waits for a stdout line matching <paramref name="match"/> and returns it.</summary>
    public async Task<string> WaitForLineAsync(Func<string, bool> match, TimeSpan timeout, string what)
    {
        using var deadline = new CancellationTokenSource(timeout);
        try
        {
            while (await _lines.Reader.WaitToReadAsync(deadline.Token))
            {
                while (_lines.Reader.TryRead(out var line))
                {
                    if (match(line))
                    {
                        return line;
                    }
                }
            }
        }
        catch (OperationCanceledException) when (deadline.IsCancellationRequested)
        {
            throw new TimeoutException($"{Name} did not print {what} within {timeout.TotalSeconds:0} s. Output:\n{Output}");
        }

        throw new InvalidOperationException($"{Name} exited before printing {what}. Output:\n{Output}");
    }

    /// <summary>Sends one command line and waits for its "OK &lt;command&gt;" answer.</summary>
    public async Task CommandAsync(string command, TimeSpan timeout)
    {
        await _commands.WaitAsync();
        try
        {
            await _process.StandardInput.WriteLineAsync(command);
            await _process.StandardInput.FlushAsync();
            var answer = await WaitForLineAsync(l => l == $"OK {command}" || l.StartsWith($"ERR {command}", StringComparison.Ordinal), timeout, $"OK {command}");
            if (answer.StartsWith("ERR", StringComparison.Ordinal))
            {
                throw new InvalidOperationException($"{Name} refused '{command}': {answer}");
            }
        }
        finally
        {
            _commands.Release();
        }
    }

    private void Receive(string? line, bool toChannel)
    {
        if (line is null)
        {
            return;
        }

        lock (_log)
        {
            _log.AppendLine(line);
        }

        if (toChannel)
        {
            _lines.Writer.TryWrite(line);
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync();
        }

        _process.Dispose();
    }
}
