using System.Collections.Concurrent;
using System.Diagnostics;
using System.Threading.Channels;

namespace Twin.Interop.Tests.Peers;

/// <summary>
/// A node-opcua peer running as a real process (node from PATH). Its stdout lines are the signals a
/// test waits for ("READY 4840", "OK tick", JSON answers); stdout and stderr are kept so a failure
/// message can show what the peer said last.
/// </summary>
internal sealed class PeerProcess : IAsyncDisposable
{
    private const int RecentLinesKept = 40;
    private readonly Process _process;
    private readonly Channel<string> _stdout = Channel.CreateUnbounded<string>(new UnboundedChannelOptions { SingleReader = true });
    private readonly ConcurrentQueue<string> _recent = new();
    private readonly SemaphoreSlim _stdinLock = new(1, 1);

    private PeerProcess(string name, Process process)
    {
        Name = name;
        _process = process;
    }

    /// <summary>What the test calls this peer in failure messages.</summary>
    public string Name { get; }

    /// <summary>Lines the peer printed on stdout, in order.</summary>
    public ChannelReader<string> StdoutLines => _stdout.Reader;

    public bool HasExited => _process.HasExited;

    /// <summary>The last lines of stdout and stderr, for failure messages.</summary>
    public string RecentOutput => string.Join(Environment.NewLine, _recent);

    public static PeerProcess Start(string name, string script, IEnumerable<string> arguments)
    {
        var startInfo = new ProcessStartInfo("node")
        {
            WorkingDirectory = InteropPeers.Directory,
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        startInfo.ArgumentList.Add(Path.Combine(InteropPeers.Directory, script));
        foreach (var argument in arguments)
        {
            startInfo.ArgumentList.Add(argument);
        }

        var process = new Process { StartInfo = startInfo, EnableRaisingEvents = true };
        var peer = new PeerProcess(name, process);
        process.OutputDataReceived += (_, e) =>
        {
            if (e.Data is null)
            {
                peer._stdout.Writer.TryComplete();
                return;
            }

            peer.Remember("out: " + e.Data);
            peer._stdout.Writer.TryWrite(e.Data);
        };
        process.ErrorDataReceived += (_, e) =>
        {
            if (e.Data is not null)
            {
                peer.Remember("err: " + e.Data);
            }
        };

        try
        {
            process.Start();
        }
        catch (System.ComponentModel.Win32Exception ex)
        {
            throw new InvalidOperationException($"Could not start '{name}': node is not on PATH ({ex.Message}).", ex);
        }

        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return peer;
    }

    /// <summary>Waits for the next stdout line that matches; lines before it are skipped.</summary>
    public async Task<string> WaitForLineAsync(Func<string, bool> match, TimeSpan timeout, string waitingFor)
    {
        using var cts = new CancellationTokenSource(timeout);
        try
        {
            while (await _stdout.Reader.WaitToReadAsync(cts.Token))
            {
                while (_stdout.Reader.TryRead(out var line))
                {
                    if (match(line))
                    {
                        return line;
                    }
                }
            }
        }
        catch (OperationCanceledException) when (cts.IsCancellationRequested)
        {
            throw new TimeoutException($"{Name}: no {waitingFor} within {timeout.TotalSeconds:0.#} s. Last output:{Environment.NewLine}{RecentOutput}");
        }

        throw new InvalidOperationException($"{Name} exited (code {ExitCodeText()}) before {waitingFor}. Last output:{Environment.NewLine}{RecentOutput}");
    }

    public async Task SendLineAsync(string line)
    {
        await _stdinLock.WaitAsync();
        try
        {
            await _process.StandardInput.WriteLineAsync(line);
            await _process.StandardInput.FlushAsync();
        }
        finally
        {
            _stdinLock.Release();
        }
    }

    /// <summary>Kills the peer at once (SIGKILL), as a crashed server or a pulled plug would end.</summary>
    public async Task KillAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
        }

        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        await _process.WaitForExitAsync(cts.Token);
    }

    public async ValueTask DisposeAsync()
    {
        try
        {
            await KillAsync();
        }
        finally
        {
            _process.Dispose();
            _stdinLock.Dispose();
        }
    }

    private void Remember(string line)
    {
        _recent.Enqueue(line);
        while (_recent.Count > RecentLinesKept && _recent.TryDequeue(out _))
        {
        }
    }

    private string ExitCodeText() => _process.HasExited ? _process.ExitCode.ToString(System.Globalization.CultureInfo.InvariantCulture) : "still running";
}
