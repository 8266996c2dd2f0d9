using Twin.OpcUa.Client;
using Twin.OpcUa.Encoding;
using Twin.OpcUa.Server;
using Twin.OpcUa.Services;

namespace Twin.OpcUa.Tests;

/// <summary>
/// Damaged chunks on a secure channel that is already open (Sign and SignAndEncrypt, each direction):
/// the receiving end — our server or our client — must refuse with a clear status, close that channel
/// without any other exception or a large allocation, and the client must come back on a new channel
/// while a second client on the same server never notices.
/// </summary>
public sealed class SecuredFuzzTests : IDisposable
{
    private readonly string _root = Directory.CreateTempSubdirectory("twin-opcua-secfuzz-").FullName;

    public void Dispose() => Directory.Delete(_root, recursive: true);

    /// <summary>What a receiver may answer a damaged chunk with; anything else (internal error, Good) fails the test.</summary>
    private static readonly HashSet<uint> ClearRefusals =
    [
        StatusCode.BadSecurityChecksFailed.Code, StatusCode.BadTcpMessageTypeInvalid.Code, StatusCode.BadTcpMessageTooLarge.Code,
        StatusCode.BadTcpSecureChannelUnknown.Code, StatusCode.BadSecureChannelTokenUnknown.Code, StatusCode.BadSequenceNumberInvalid.Code,
    ];

    public static TheoryData<MessageSecurityMode, bool> Cases() => new()
    {
        { MessageSecurityMode.Sign, false },
        { MessageSecurityMode.Sign, true },
        { MessageSecurityMode.SignAndEncrypt, false },
        { MessageSecurityMode.SignAndEncrypt, true },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public async Task Damaged_chunks_on_an_open_secure_channel_close_it_clearly_and_the_client_returns(MessageSecurityMode mode, bool fromServer)
    {
        await using var server = await LoopbackServer.StartAsync(new OpcUaServerOptions
        {
            SecurityEndpoints = [$"Basic256Sha256:{mode}"],
            PkiFolder = Path.Combine(_root, "server"),
            AutoAcceptUntrustedCertificates = true,
        });
        await using var proxy = new ChunkMutatingProxy(server.Port);
        var log = new CollectingLogger<OpcUaClient>();
        await using var client = new OpcUaClient(Options(server, "fuzzed", mode) with { EndpointUrl = proxy.EndpointUrl }, log);
        await using var bystander = new OpcUaClient(Options(server, "bystander", mode));
        await client.ConnectAsync();
        await bystander.ConnectAsync();

        var random = new Random(mode == MessageSecurityMode.Sign ? 611 : 612);
        var seen = new List<string>();
        foreach (var kind in Enum.GetValues<ChunkMutation>())
        {
            var reconnects = client.ReconnectCount;
            var lost = new TaskCompletionSource<ConnectionStateChangedEventArgs>(TaskCreationOptions.RunContinuationsAsynchronously);
            var back = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            void OnChange(object? _, ConnectionStateChangedEventArgs e)
            {
                if (e.Current == ConnectionState.Reconnecting)
                {
                    lost.TrySetResult(e);
                }
                else if (e.Current == ConnectionState.Connected && lost.Task.IsCompleted)
                {
                    back.TrySetResult();
                }
            }

            client.ConnectionStateChanged += OnChange;
            var allocatedBefore = GC.GetTotalAllocatedBytes();
            var damaged = proxy.Arm(fromServer, kind, random);
            // The read's request (or its response) is the next MSG chunk in the armed direction.
            var read = await Record.ExceptionAsync(() => client.ReadValueAsync(LoopbackServer.Temperature));
            await LoopbackServer.WaitAsync(damaged, $"the {kind} chunk to pass the proxy");
            var refusal = await LoopbackServer.WaitAsync(lost.Task, $"the channel to close after {kind}");
            await LoopbackServer.WaitAsync(back.Task, $"the reconnect after {kind}");
            client.ConnectionStateChanged -= OnChange;
            var allocated = GC.GetTotalAllocatedBytes() - allocatedBefore;

            seen.Add($"{kind}: {refusal.Status} ({refusal.Reason})");
            Assert.True(ClearRefusals.Contains(refusal.Status.Code), $"{kind} ({(fromServer ? "server → client" : "client → server")}) ended with {refusal.Status}: {refusal.Reason}\n{log.Text}");
            Assert.False(string.IsNullOrWhiteSpace(refusal.Reason));
            Assert.True(read is ServiceResultException, $"the read under {kind} should fail with a status, got {read?.GetType().Name ?? "success"}");
            Assert.Equal(reconnects + 1, client.ReconnectCount);
            // Hostile sizes claim 1–2 GB; refusing them from the header keeps the round far below that.
            Assert.True(allocated < 256L << 20, $"{kind} allocated {allocated >> 20} MB");
            Assert.Equal(20.5, (await client.ReadValueAsync(LoopbackServer.Temperature)).Value.ToDouble());
        }

        Assert.Equal(20.5, (await bystander.ReadValueAsync(LoopbackServer.Temperature)).Value.ToDouble());
        Assert.Equal(0, bystander.ReconnectCount);
        Assert.Equal(Enum.GetValues<ChunkMutation>().Length, seen.Count);
    }

    private OpcUaClientOptions Options(OpcUaServer server, string name, MessageSecurityMode mode) => LoopbackServer.ClientOptions(server) with
    {
        SecurityPolicy = "Basic256Sha256",
        SecurityMode = mode,
        PkiFolder = Path.Combine(_root, name),
        AutoAcceptUntrustedCertificates = true,
    };
}
