using Twin.OpcUa.Encoding;
using Twin.OpcUa.Services;

namespace Twin.OpcUa.Channel;

/// <summary>A request waiting for its response; decodes the response on the receive loop.</summary>
internal abstract class PendingRequest
{
    protected PendingRequest(uint expectedTypeId, string serviceName)
    {
        ExpectedTypeId = expectedTypeId;
        ServiceName = serviceName;
    }

    public uint ExpectedTypeId { get; }
    public string ServiceName { get; }

    public abstract void Complete(ref BinaryDecoder decoder);
    public abstract void Fail(Exception error);
}

/// <summary>A pending request whose response decodes to <typeparamref name="T"/>.</summary>
internal sealed class PendingRequest<T> : PendingRequest
{
    private readonly ReadItem<T> _decode;

    public PendingRequest(uint expectedTypeId, string serviceName, ReadItem<T> decode)
        : base(expectedTypeId, serviceName)
    {
        _decode = decode;
    }

    public TaskCompletionSource<T> Completion { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public override void Complete(ref BinaryDecoder decoder) => Completion.TrySetResult(_decode(ref decoder));

    public override void Fail(Exception error) => Completion.TrySetException(error);
}
