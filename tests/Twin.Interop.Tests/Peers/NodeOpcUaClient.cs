using System.Collections.Concurrent;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Threading.Channels;

namespace Twin.Interop.Tests.Peers;

/// <summary>
/// tests/interop/plant-client.js: a node-opcua client that takes JSON commands on stdin. Answers
/// are matched to requests by id; data changes arrive on <see cref="Changes"/>.
/// </summary>
internal sealed class NodeOpcUaClient : IAsyncDisposable
{
    private static readonly TimeSpan ConnectTimeout = TimeSpan.FromSeconds(45);
    private static readonly TimeSpan RequestTimeout = TimeSpan.FromSeconds(20);
    private readonly PeerProcess _process;
    private readonly string _pkiFolder;
    private readonly ConcurrentDictionary<int, TaskCompletionSource<JsonElement>> _pending = new();
    private readonly Channel<JsonElement> _changes = Channel.CreateUnbounded<JsonElement>();
    private readonly Task _dispatcher;
    private readonly ConcurrentDictionary<string, int> _eventCounts = new();
    private int _nextId;

    private NodeOpcUaClient(PeerProcess process, string pkiFolder)
    {
        _process = process;
        _pkiFolder = pkiFolder;
        _dispatcher = Task.Run(DispatchAsync);
    }

    /// <summary>Data changes of every subscription: objects with nodeId, value, statusCode, sourceTimestamp.</summary>
    public ChannelReader<JsonElement> Changes => _changes.Reader;

    /// <summary>How often the client reported an event such as connection_lost or connection_reestablished.</summary>
    public int EventCount(string name) => _eventCounts.GetValueOrDefault(name);

    /// <summary>The client's last output lines, for failure messages.</summary>
    public string RecentOutput => _process.RecentOutput;

    /// <summary>Starts the client and returns once its session is active, or throws with the reason it gave.</summary>
    // extraArguments: more plant-client.js options, e.g. --security Basic256Sha256:SignAndEncrypt, --user name:password.
    public static async Task<NodeOpcUaClient> ConnectAsync(string endpointUrl, IReadOnlyList<string>? extraArguments = null)
    {
        var pki = Directory.CreateTempSubdirectory("twin-interop-client-pki-").FullName;
        PeerProcess process;
        try
        {
            process = PeerProcess.Start($"node-opcua plant-client to {endpointUrl}", "plant-client.js", [endpointUrl, "--pki", pki, .. extraArguments ?? []]);
        }
        catch
        {
            await TempFolder.DeleteAsync(pki);
            throw;
        }

        try
        {
            var line = await process.WaitForLineAsync(
                l => l.StartsWith("{\"event\":\"connected\"", StringComparison.Ordinal) || l.StartsWith("{\"event\":\"error\"", StringComparison.Ordinal),
                ConnectTimeout,
                "connected event");
            if (line.Contains("\"error\"", StringComparison.Ordinal))
            {
                throw new InvalidOperationException($"node-opcua client could not connect to {endpointUrl}: {line}{Environment.NewLine}{process.RecentOutput}");
            }
        }
        catch
        {
            await process.DisposeAsync();
            await TempFolder.DeleteAsync(pki);
            throw;
        }

        return new NodeOpcUaClient(process, pki);
    }

    /// <summary>Sends one command and returns its answer; throws when the client answered ok=false.</summary>
    public async Task<JsonElement> RequestAsync(string op, JsonObject? arguments = null)
    {
        var answer = await TryRequestAsync(op, arguments);
        if (!answer.GetProperty("ok").GetBoolean())
        {
            throw new InvalidOperationException($"node-opcua client failed '{op}': {answer}");
        }

        return answer;
    }

    /// <summary>Sends one command and returns its answer, ok or not.</summary>
    public async Task<JsonElement> TryRequestAsync(string op, JsonObject? arguments = null)
    {
        var id = Interlocked.Increment(ref _nextId);
        var command = arguments?.DeepClone().AsObject() ?? [];
        command["id"] = id;
        command["op"] = op;
        var answer = new TaskCompletionSource<JsonElement>(TaskCreationOptions.RunContinuationsAsynchronously);
        _pending[id] = answer;
        await _process.SendLineAsync(command.ToJsonString());
        try
        {
            return await answer.Task.WaitAsync(RequestTimeout);
        }
        catch (TimeoutException)
        {
            throw new TimeoutException($"node-opcua client gave no answer to '{op}' within {RequestTimeout.TotalSeconds} s. Last output:{Environment.NewLine}{_process.RecentOutput}");
        }
        finally
        {
            _pending.TryRemove(id, out _);
        }
    }

    /// <summary>Waits for the next data change of <paramref name="nodeId"/>, skipping others.</summary>
    public async Task<JsonElement> NextChangeAsync(string nodeId, TimeSpan timeout, Func<JsonElement, bool>? match = null)
    {
        using var cts = new CancellationTokenSource(timeout);
        try
        {
            while (true)
            {
                var change = await _changes.Reader.ReadAsync(cts.Token);
                if (change.GetProperty("nodeId").GetString() == nodeId && (match is null || match(change)))
                {
                    return change;
                }
            }
        }
        catch (OperationCanceledException) when (cts.IsCancellationRequested)
        {
            throw new TimeoutException($"node-opcua client saw no matching change of {nodeId} within {timeout.TotalSeconds} s. Last output:{Environment.NewLine}{_process.RecentOutput}");
        }
    }

    public async ValueTask DisposeAsync()
    {
        try
        {
            await _process.DisposeAsync();
            await _dispatcher;
        }
        finally
        {
            await TempFolder.DeleteAsync(_pkiFolder);
        }
    }

    private async Task DispatchAsync()
    {
        await foreach (var line in _process.StdoutLines.ReadAllAsync())
        {
            if (!line.StartsWith('{'))
            {
                continue;
            }

            var element = JsonDocument.Parse(line).RootElement;
            if (element.TryGetProperty("id", out var id) && id.ValueKind == JsonValueKind.Number && _pending.TryGetValue(id.GetInt32(), out var answer))
            {
                answer.TrySetResult(element);
            }
            else if (element.TryGetProperty("event", out var kind) && kind.GetString() is { } name)
            {
                _eventCounts.AddOrUpdate(name, 1, (_, n) => n + 1);
                if (name == "change")
                {
                    _changes.Writer.TryWrite(element);
                }
            }
        }

        _changes.Writer.TryComplete();
    }
}
