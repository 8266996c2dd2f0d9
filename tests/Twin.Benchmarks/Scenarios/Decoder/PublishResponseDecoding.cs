using BenchmarkDotNet.Attributes;
using Twin.OpcUa.Encoding;
using Twin.OpcUa.Services;

namespace Twin.Benchmarks.Scenarios.Decoder;

/// <summary>
/// The client's hot path: decoding a 1000-notification PublishResponse into the reused batch.
/// OperationsPerInvoke makes BenchmarkDotNet report time and allocation per notification.
/// </summary>
[MemoryDiagnoser]
public class PublishResponseDecoding
{
    public const int Notifications = 1000;

    private readonly DataChangeBatch _batch = new();
    private byte[] _body = [];

    [GlobalSetup]
    public void Setup()
    {
        _body = PublishResponseSample.Encode(Notifications);
        // Grow the reused batch once, as the first response of a subscription does.
        Decode();
        if (_batch.Count != Notifications || _batch.Notifications[^1].Value.Value.Type != BuiltInType.Double)
        {
            throw new InvalidOperationException($"The sample PublishResponse decoded to {_batch.Count} notifications, expected {Notifications} Doubles.");
        }
    }

    [Benchmark(OperationsPerInvoke = Notifications)]
    public int Decode()
    {
        var decoder = new BinaryDecoder(_body);
        PublishResponseReader.ReadPublishResponse(ref decoder, _batch);
        return _batch.Count;
    }
}
