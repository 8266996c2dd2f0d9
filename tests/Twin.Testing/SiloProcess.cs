using System.Diagnostics;
using System.Runtime.InteropServices;
using System.Text;

namespace Twin.Testing;

/// <summary>
/// The built Silo executable (Twin.Silo.dll) run as a real process, the way operators run it.
/// Captures stdout and stderr; kill -9 or SIGTERM it; waits for HTTP readiness or exit.
/// </summary>
public sealed class SiloProcess : IAsyncDisposable
{
    private readonly Process _process;
    private readonly StringBuilder _output = new();
    private readonly TaskCompletionSource _exited = new(TaskCreationOptions.RunContinuationsAsynchronously);

    private SiloProcess(Process process)
    {
        _process = process;
    }

    public int SiloPort { get; private set; }

    public int GatewayPort { get; private set; }

    public Uri HttpBase { get; private set; } = new("http://127.0.0.1");

    public int Id => _process.Id;

    /// <summary>Everything the process printed so far (stdout and stderr interleaved).</summary>
    public string Output
    {
        get
        {
            lock (_output)
            {
                return _output.ToString();
            }
        }
    }

    public bool HasExited => _process.HasExited;

    /// <summary>Path of Twin.Silo.dll built with the same configuration as the running tests.</summary>
    public static string SiloAssemblyPath()
    {
        // Tests run from tests/<Project>/bin/<Configuration>/net10.0/.
        var testBin = new DirectoryInfo(AppContext.BaseDirectory.TrimEnd(Path.DirectorySeparatorChar));
        var configuration = testBin.Parent!.Name;
        var repo = testBin.Parent.Parent!.Parent!.Parent!.Parent!.FullName;
        var path = Path.Combine(repo, "Silo", "bin", configuration, testBin.Name, "Twin.Silo.dll");
        return File.Exists(path)
            ? path
            : throw new FileNotFoundException($"Twin.Silo.dll not found at {path}: build Silo with -c {configuration} first.");
    }

    /// <summary>Starts the silo with its own free ports; <paramref name="arguments"/> are passed after them.</summary>
    public static SiloProcess Start(IReadOnlyDictionary<string, string>? environment = null, params string[] arguments)
    {
        var siloPort = FreePorts.Next();
        var gatewayPort = FreePorts.Next();
        var httpPort = FreePorts.Next();
        var args = new List<string>();
        void Default(string option, string value)
        {
            // A test that sets the option itself (e.g. an occupied port) wins.
            if (!arguments.Contains(option))
            {
                args.Add(option);
                args.Add(value);
            }
        }

        Default("--silo-port", siloPort.ToString(System.Globalization.CultureInfo.InvariantCulture));
        Default("--gateway-port", gatewayPort.ToString(System.Globalization.CultureInfo.InvariantCulture));
        Default("--urls", $"http://127.0.0.1:{httpPort}");
        args.AddRange(arguments);
        var process = StartRaw(environment, args);
        process.SiloPortInit(siloPort, gatewayPort, httpPort);
        return process;
    }

    /// <summary>Starts Twin.Silo.dll with exactly these arguments (for command and error tests).</summary>
    public static SiloProcess StartRaw(IReadOnlyDictionary<string, string>? environment, IEnumerable<string> arguments)
    {
        var info = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = Path.GetDirectoryName(SiloAssemblyPath())!,
        };
        info.ArgumentList.Add(SiloAssemblyPath());
        foreach (var argument in arguments)
        {
            info.ArgumentList.Add(argument);
        }

        // A developer's own settings must not leak into tests.
        info.Environment.Remove("ConnectionStrings__Twin");
        info.Environment["DOTNET_ENVIRONMENT"] = "Production";
        info.Environment["Logging__LogLevel__Default"] = "Warning";
        info.Environment["Logging__LogLevel__Twin"] = "Information";
        foreach (var (key, value) in environment ?? new Dictionary<string, string>())
        {
            info.Environment[key] = value;
        }

        var process = new Process { StartInfo = info, EnableRaisingEvents = true };
        var silo = new SiloProcess(process);
        process.OutputDataReceived += (_, e) => silo.Append(e.Data);
        process.ErrorDataReceived += (_, e) => silo.Append(e.Data);
        process.Exited += (_, _) => silo._exited.TrySetResult();
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return silo;
    }

    private void SiloPortInit(int siloPort, int gatewayPort, int httpPort)
    {
        SiloPort = siloPort;
        GatewayPort = gatewayPort;
        HttpBase = new Uri($"http://127.0.0.1:{httpPort}");
    }

    private void Append(string? line)
    {
        if (line is null)
        {
            return;
        }

        lock (_output)
        {
            _output.AppendLine(line);
        }
    }

    /// <summary>Waits for the process to exit and returns its exit code.</summary>
    public async Task<int> WaitForExitAsync(TimeSpan timeout)
    {
        try
        {
            await _exited.Task.WaitAsync(timeout);
        }
        catch (TimeoutException)
        {
            throw new TimeoutException($"Silo process {Id} did not exit within {timeout.TotalSeconds:F0} s. Output:\n{Output}");
        }

        await _process.WaitForExitAsync(); // flushes redirected output
        return _process.ExitCode;
    }

    /// <summary>Polls /health/ready until 200; fails with the process output when it exits or the deadline passes.</summary>
    public async Task WaitUntilReadyAsync(TimeSpan timeout)
    {
        using var http = new HttpClient { BaseAddress = HttpBase, Timeout = TimeSpan.FromSeconds(2) };
        var deadline = DateTime.UtcNow + timeout;
        while (DateTime.UtcNow < deadline)
        {
            if (HasExited)
            {
                throw new InvalidOperationException($"Silo process exited with {_process.ExitCode} before it was ready. Output:\n{Output}");
            }

            try
            {
                using var response = await http.GetAsync("/health/ready");
                if (response.IsSuccessStatusCode)
                {
                    return;
                }
            }
            catch (HttpRequestException)
            {
                // Not listening yet.
            }
            catch (TaskCanceledException)
            {
                // Slow answer while starting.
            }

            await Task.WhenAny(_exited.Task, Task.Delay(200));
        }

        throw new TimeoutException($"Silo on {HttpBase} was not ready within {timeout.TotalSeconds:F0} s. Output:\n{Output}");
    }

    /// <summary>kill -9: no shutdown, no goodbye to the cluster.</summary>
    public void KillHard() => _process.Kill(entireProcessTree: true);

    /// <summary>SIGTERM, what a service manager sends to stop the silo gracefully.</summary>
    public void Terminate()
    {
        if (sys_kill(_process.Id, 15) != 0)
        {
            throw new InvalidOperationException($"Could not send SIGTERM to silo process {_process.Id}.");
        }
    }

    [DllImport("libc", EntryPoint = "kill", SetLastError = true)]
    private static extern int sys_kill(int pid, int signal);

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
