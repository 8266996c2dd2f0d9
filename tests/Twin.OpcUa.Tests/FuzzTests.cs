using System.Net.Sockets;
using Microsoft.Extensions.Logging.Abstractions;
using Twin.OpcUa.Channel;
using Twin.OpcUa.Encoding;
using Twin.OpcUa.Services;
using Twin.OpcUa.Transport;

namespace Twin.OpcUa.Tests;

/// <summary>
/// Hostile input: mutated and truncated valid messages must end in <see cref="OpcUaProtocolException"/>
/// (or decode to something harmless) — never another exception, a hang or a huge allocation.
/// </summary>
public sealed class FuzzTests
{
    private static readonly DecodingLimits Tight = new() { MaxArrayLength = 10_000, MaxStringLength = 64 * 1024, MaxByteStringLength = 64 * 1024 };

    private static byte[] Mutate(Random random, byte[] valid)
    {
        var bytes = (byte[])valid.Clone();
        switch (random.Next(6))
        {
            case 0:
                for (var i = random.Next(1, 5); i > 0; i--)
                {
                    bytes[random.Next(bytes.Length)] = (byte)random.Next(256);
                }

                return bytes;
            case 1:
                return bytes[..random.Next(bytes.Length)];
            case 2:
                if (bytes.Length >= 4)
                {
                    int[] hostile = [-1, -2, int.MinValue, int.MaxValue, 0x7FFFFFF0, 1 << 20, random.Next()];
                    BitConverter.TryWriteBytes(bytes.AsSpan(random.Next(bytes.Length - 3)), hostile[random.Next(hostile.Length)]);
                }

                return bytes;
            case 3:
                var insertAt = random.Next(bytes.Length);
                var extra = new byte[random.Next(1, 16)];
                random.NextBytes(extra);
                return [.. bytes[..insertAt], .. extra, .. bytes[insertAt..]];
            case 4:
                var cut = random.Next(bytes.Length);
                return [.. bytes[..cut], .. bytes[Math.Min(bytes.Length, cut + random.Next(1, 8))..]];
            default:
                var flips = random.Next(1, 3);
                for (var i = 0; i < flips; i++)
                {
                    bytes[random.Next(bytes.Length)] ^= (byte)(1 << random.Next(8));
                }

                return bytes;
        }
    }

    private static void ExpectOnlyProtocolErrors(Action decode, byte[] input, string what)
    {
        try
        {
            decode();
        }
        catch (OpcUaProtocolException)
        {
            // The one acceptable failure.
        }
        catch (Exception ex)
        {
            Assert.Fail($"{what} threw {ex.GetType().Name} instead of OpcUaProtocolException for input {Convert.ToHexString(input)}: {ex}");
        }
    }

    [Fact]
    public async Task Mutated_and_truncated_service_messages_raise_only_the_protocol_error()
    {
        var random = new Random(20261127);
        var corpus = SampleMessages.All.Select(s => (s, Bytes: SampleMessages.Encode(s.Message))).ToList();
        var publish = SampleMessages.Encode(SampleMessages.PublishWithDoubles(50));
        var batch = new DataChangeBatch();
        var attempts = 0;

        await Task.Run(() =>
        {
            for (var round = 0; round < 2600; round++)
            {
                foreach (var (sample, valid) in corpus)
                {
                    var input = Mutate(random, valid);
                    ExpectOnlyProtocolErrors(() => sample.Decode(input), input, sample.Name);
                    attempts++;
                }

                var mutated = Mutate(random, publish);
                ExpectOnlyProtocolErrors(() =>
                {
                    var d = new BinaryDecoder(mutated, Tight);
                    PublishResponseReader.ReadPublishResponse(ref d, batch);
                }, mutated, "PublishResponseReader");
                attempts++;

                var body = Mutate(random, NotificationTypes.EncodeDataChange([new MonitoredItemNotification(1, new DataValue(new Variant(1.0)))]).Body.ToArray());
                ExpectOnlyProtocolErrors(() => NotificationTypes.DecodeDataChange(body, Tight), body, "DataChangeNotification");
                attempts++;

                var variant = Mutate(random, VariantBytes(random));
                ExpectOnlyProtocolErrors(() =>
                {
                    var d = new BinaryDecoder(variant, Tight);
                    d.ReadVariant();
                }, variant, "Variant");
                attempts++;
            }
        }).WaitAsync(TimeSpan.FromSeconds(60));

        Assert.True(attempts >= 100_000, $"only {attempts} inputs were tried");
    }

    private static readonly Variant[] VariantSamples = EncodingRoundTripTests.Variants().Select(row => (Variant)row[1]).ToArray();

    private static byte[] VariantBytes(Random random)
    {
        using var e = new BinaryEncoder();
        e.WriteVariant(VariantSamples[random.Next(VariantSamples.Length)]);
        return e.ToArray();
    }

    [Fact]
    public void Lengths_beyond_the_limits_are_rejected_before_allocating()
    {
        byte[] hugeArray = [0x8B, 0xFF, 0xFF, 0xFF, 0x7F];
        var e1 = Assert.Throws<OpcUaProtocolException>(() => new BinaryDecoder(hugeArray, Tight).ReadVariant());
        Assert.Equal(StatusCode.BadEncodingLimitsExceeded, e1.Status);

        byte[] lyingArray = [0x8B, 0x10, 0x27, 0x00, 0x00];
        var e2 = Assert.Throws<OpcUaProtocolException>(() => new BinaryDecoder(lyingArray, Tight).ReadVariant());
        Assert.Equal(StatusCode.BadDecodingError, e2.Status);

        byte[] lyingString = [0x00, 0x00, 0x01, 0x00];
        Assert.Throws<OpcUaProtocolException>(() => new BinaryDecoder(lyingString, Tight).ReadString());

        var nested = new List<byte>();
        for (var i = 0; i < 100; i++)
        {
            nested.AddRange([0x98, 0x01, 0x00, 0x00, 0x00]);
        }

        var deep = nested.ToArray();
        var e3 = Assert.Throws<OpcUaProtocolException>(() => new BinaryDecoder(deep, Tight).ReadVariant());
        Assert.Equal(StatusCode.BadEncodingLimitsExceeded, e3.Status);
    }

    /// <summary>A stream that plays back fixed bytes and swallows what is written to it.</summary>
    private sealed class PlaybackStream(byte[] input) : MemoryStream(input, writable: false)
    {
        public override bool CanWrite => true;
        public override void Write(byte[] buffer, int offset, int count) { }
        public override void Write(ReadOnlySpan<byte> buffer) { }
        public override ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken = default) => ValueTask.CompletedTask;
        public override Task WriteAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) => Task.CompletedTask;
        public override void Flush() { }
    }

    private static byte[] Chunk(string type, char chunkType, Action<BinaryEncoder> body)
    {
        using var e = new BinaryEncoder();
        e.WriteRaw(System.Text.Encoding.ASCII.GetBytes(type));
        e.WriteByte((byte)chunkType);
        e.WriteUInt32(0);
        body(e);
        var bytes = e.ToArray();
        BitConverter.TryWriteBytes(bytes.AsSpan(4), bytes.Length);
        return bytes;
    }

    private static byte[] ValidServerInput()
    {
        var hello = Chunk("HEL", 'F', e => new HelloMessage(0, 65536, 65536, 1 << 24, 100, "opc.tcp://x").Encode(e));
        var open = Chunk("OPN", 'F', e =>
        {
            e.WriteUInt32(0);
            e.WriteString(SecurityPolicies.None);
            e.WriteByteString(null);
            e.WriteByteString(null);
            e.WriteUInt32(1);
            e.WriteUInt32(1);
            e.WriteNodeId(new NodeId(OpenSecureChannelRequest.EncodingId));
            new OpenSecureChannelRequest { RequestedLifetime = 60000, ClientNonce = [] }.Encode(e);
        });
        byte[] Message(uint sequence, uint requestId, char chunkType, IEncodeableMessage request, int from, int to) => Chunk("MSG", chunkType, e =>
        {
            e.WriteUInt32(1);
            e.WriteUInt32(1);
            e.WriteUInt32(sequence);
            e.WriteUInt32(requestId);
            using var b = new BinaryEncoder();
            b.WriteNodeId(new NodeId(request.BinaryEncodingId));
            request.Encode(b);
            e.WriteRaw(b.WrittenSpan[from..Math.Min(to, b.Position)]);
        });
        var read = new ReadRequest { NodesToRead = [new ReadValueId { NodeId = new NodeId(2258) }] };
        return [.. hello, .. open, .. Message(2, 2, 'C', read, 0, 20), .. Message(3, 2, 'F', read, 20, int.MaxValue), .. Message(4, 3, 'F', read, 0, int.MaxValue)];
    }

    [Fact]
    public async Task Mutated_chunk_streams_end_the_connection_without_any_other_exception()
    {
        var random = new Random(42);
        var valid = ValidServerInput();
        var settings = new ServerChannelSettings(TransportLimits.Default, Tight, TimeSpan.FromSeconds(5), TimeSpan.FromSeconds(1), TimeSpan.FromHours(1), () => 1);
        var handled = 0;
        for (var i = 0; i < 3000; i++)
        {
            var input = i == 0 ? valid : Mutate(random, valid);
            var channel = new ServerSecureChannel(new UaTcpConnection(new PlaybackStream(input)), settings, (_, _, _) => handled++, NullLogger.Instance);
            try
            {
                await channel.RunAsync(CancellationToken.None).WaitAsync(TimeSpan.FromSeconds(10));
            }
            catch (Exception ex) when (ex is not TimeoutException)
            {
                Assert.Fail($"Channel let {ex.GetType().Name} escape for input {Convert.ToHexString(input)}: {ex}");
            }

            Assert.False(channel.IsOpen);
            if (i == 0)
            {
                Assert.Equal(2, handled);
            }
        }
    }

    [Fact]
    public async Task Garbage_on_one_connection_closes_only_that_connection()
    {
        await using var server = await LoopbackServer.StartAsync();
        await using var client = new Client.OpcUaClient(LoopbackServer.ClientOptions(server));
        await client.ConnectAsync();

        using var attacker = new Socket(SocketType.Stream, ProtocolType.Tcp);
        await attacker.ConnectAsync("127.0.0.1", server.Port);
        // A chunk header that claims 2 GB: must be refused from the header alone.
        await attacker.SendAsync(new byte[] { (byte)'H', (byte)'E', (byte)'L', (byte)'F', 0xFF, 0xFF, 0xFF, 0x7F });
        var reply = new byte[256];
        var received = 0;
        using (var timeout = new CancellationTokenSource(LoopbackServer.Timeout))
        {
            int n;
            while ((n = await attacker.ReceiveAsync(reply.AsMemory(received), timeout.Token)) > 0)
            {
                received += n;
            }
        }

        Assert.Equal("ERR", System.Text.Encoding.ASCII.GetString(reply, 0, 3));
        Assert.Equal(StatusCode.BadTcpMessageTooLarge.Code, BitConverter.ToUInt32(reply, 8));
        Assert.Equal(20.5, (await client.ReadValueAsync(LoopbackServer.Temperature)).Value.ToDouble());
    }
}
