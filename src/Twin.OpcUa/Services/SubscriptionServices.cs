using Twin.OpcUa.Encoding;

namespace Twin.OpcUa.Services;

/// <summary>CreateSubscription request (Part 4 §5.13.2).</summary>
public sealed record CreateSubscriptionRequest : IServiceRequest
{
    /// <summary>DefaultBinary encoding id.</summary>
    public const uint EncodingId = 787;
    /// <inheritdoc/>
    public uint BinaryEncodingId => EncodingId;
    /// <inheritdoc/>
    public RequestHeader RequestHeader { get; init; } = new();
    /// <summary>Publishing interval in milliseconds.</summary>
    public double RequestedPublishingInterval { get; init; }
    /// <summary>Publishing intervals without a Publish request before the subscription dies.</summary>
    public uint RequestedLifetimeCount { get; init; }
    /// <summary>Publishing intervals without data before a keep-alive is sent.</summary>
    public uint RequestedMaxKeepAliveCount { get; init; }
    /// <summary>Most notifications per Publish response (0 = no limit).</summary>
    public uint MaxNotificationsPerPublish { get; init; }
    /// <summary>Whether publishing starts enabled.</summary>
    public bool PublishingEnabled { get; init; } = true;
    /// <summary>Relative priority.</summary>
    public byte Priority { get; init; }

    /// <inheritdoc/>
    public void Encode(BinaryEncoder e)
    {
        RequestHeader.Encode(e);
        e.WriteDouble(RequestedPublishingInterval);
        e.WriteUInt32(RequestedLifetimeCount);
        e.WriteUInt32(RequestedMaxKeepAliveCount);
        e.WriteUInt32(MaxNotificationsPerPublish);
        e.WriteBoolean(PublishingEnabled);
        e.WriteByte(Priority);
    }

    /// <summary>Reads the request.</summary>
    public static CreateSubscriptionRequest Decode(ref BinaryDecoder d) => new()
    {
        RequestHeader = RequestHeader.Decode(ref d),
        RequestedPublishingInterval = d.ReadDouble(),
        RequestedLifetimeCount = d.ReadUInt32(),
        RequestedMaxKeepAliveCount = d.ReadUInt32(),
        MaxNotificationsPerPublish = d.ReadUInt32(),
        PublishingEnabled = d.ReadBoolean(),
        Priority = d.ReadByte(),
    };
}

/// <summary>CreateSubscription response.</summary>
public sealed record CreateSubscriptionResponse : IServiceResponse
{
    /// <summary>DefaultBinary encoding id.</summary>
    public const uint EncodingId = 790;
    /// <inheritdoc/>
    public uint BinaryEncodingId => EncodingId;
    /// <inheritdoc/>
    public ResponseHeader ResponseHeader { get; init; } = new();
    /// <summary>Server-assigned id.</summary>
    public uint SubscriptionId { get; init; }
    /// <summary>Granted publishing interval.</summary>
    public double RevisedPublishingInterval { get; init; }
    /// <summary>Granted lifetime count.</summary>
    public uint RevisedLifetimeCount { get; init; }
    /// <summary>Granted keep-alive count.</summary>
    public uint RevisedMaxKeepAliveCount { get; init; }

    /// <inheritdoc/>
    public void Encode(BinaryEncoder e)
    {
        ResponseHeader.Encode(e);
        e.WriteUInt32(SubscriptionId);
        e.WriteDouble(RevisedPublishingInterval);
        e.WriteUInt32(RevisedLifetimeCount);
        e.WriteUInt32(RevisedMaxKeepAliveCount);
    }

    /// <summary>Reads the response.</summary>
    public static CreateSubscriptionResponse Decode(ref BinaryDecoder d) => new()
    {
        ResponseHeader = ResponseHeader.Decode(ref d),
        SubscriptionId = d.ReadUInt32(),
        RevisedPublishingInterval = d.ReadDouble(),
        RevisedLifetimeCount = d.ReadUInt32(),
        RevisedMaxKeepAliveCount = d.ReadUInt32(),
    };
}

/// <summary>ModifySubscription request (Part 4 §5.13.3).</summary>
public sealed record ModifySubscriptionRequest : IServiceRequest
{
    /// <summary>DefaultBinary encoding id.</summary>
    public const uint EncodingId = 793;
    /// <inheritdoc/>
    public uint BinaryEncodingId => EncodingId;
    /// <inheritdoc/>
    public RequestHeader RequestHeader { get; init; } = new();
    /// <summary>The subscription.</summary>
    public uint SubscriptionId { get; init; }
    /// <summary>Publishing interval in milliseconds.</summary>
    public double RequestedPublishingInterval { get; init; }
    /// <summary>Lifetime count.</summary>
    public uint RequestedLifetimeCount { get; init; }
    /// <summary>Keep-alive count.</summary>
    public uint RequestedMaxKeepAliveCount { get; init; }
    /// <summary>Most notifications per Publish response.</summary>
    public uint MaxNotificationsPerPublish { get; init; }
    /// <summary>Relative priority.</summary>
    public byte Priority { get; init; }

    /// <inheritdoc/>
    public void Encode(BinaryEncoder e)
    {
        RequestHeader.Encode(e);
        e.WriteUInt32(SubscriptionId);
        e.WriteDouble(RequestedPublishingInterval);
        e.WriteUInt32(RequestedLifetimeCount);
        e.WriteUInt32(RequestedMaxKeepAliveCount);
        e.WriteUInt32(MaxNotificationsPerPublish);
        e.WriteByte(Priority);
    }

    /// <summary>Reads the request.</summary>
    public static ModifySubscriptionRequest Decode(ref BinaryDecoder d) => new()
    {
        RequestHeader = RequestHeader.Decode(ref d),
        SubscriptionId = d.ReadUInt32(),
        RequestedPublishingInterval = d.ReadDouble(),
        RequestedLifetimeCount = d.ReadUInt32(),
        RequestedMaxKeepAliveCount = d.ReadUInt32(),
        MaxNotificationsPerPublish = d.ReadUInt32(),
        Priority = d.ReadByte(),
    };
}

/// <summary>ModifySubscription response.</summary>
public sealed record ModifySubscriptionResponse : IServiceResponse
{
    /// <summary>DefaultBinary encoding id.</summary>
    public const uint EncodingId = 796;
    /// <inheritdoc/>
    public uint BinaryEncodingId => EncodingId;
    /// <inheritdoc/>
    public ResponseHeader ResponseHeader { get; init; } = new();
    /// <summary>Granted publishing interval.</summary>
    public double RevisedPublishingInterval { get; init; }
    /// <summary>Granted lifetime count.</summary>
    public uint RevisedLifetimeCount { get; init; }
    /// <summary>Granted keep-alive count.</summary>
    public uint RevisedMaxKeepAliveCount { get; init; }

    /// <inheritdoc/>
    public void Encode(BinaryEncoder e)
    {
        ResponseHeader.Encode(e);
        e.WriteDouble(RevisedPublishingInterval);
        e.WriteUInt32(RevisedLifetimeCount);
        e.WriteUInt32(RevisedMaxKeepAliveCount);
    }

    /// <summary>Reads the response.</summary>
    public static ModifySubscriptionResponse Decode(ref BinaryDecoder d) => new()
    {
        ResponseHeader = ResponseHeader.Decode(ref d),
        RevisedPublishingInterval = d.ReadDouble(),
        RevisedLifetimeCount = d.ReadUInt32(),
        RevisedMaxKeepAliveCount = d.ReadUInt32(),
    };
}

/// <summary>DeleteSubscriptions request (Part 4 §5.13.8).</summary>
public sealed record DeleteSubscriptionsRequest : IServiceRequest
{
    /// <summary>DefaultBinary encoding id.</summary>
    public const uint EncodingId = 847;
    /// <inheritdoc/>
    public uint BinaryEncodingId => EncodingId;
    /// <inheritdoc/>
    public RequestHeader RequestHeader { get; init; } = new();
    /// <summary>Subscriptions to delete.</summary>
    public IReadOnlyList<uint> SubscriptionIds { get; init; } = [];

    /// <inheritdoc/>
    public void Encode(BinaryEncoder e)
    {
        RequestHeader.Encode(e);
        e.WriteArray(SubscriptionIds, static (x, v) => x.WriteUInt32(v));
    }

    /// <summary>Reads the request.</summary>
    public static DeleteSubscriptionsRequest Decode(ref BinaryDecoder d) => new()
    {
        RequestHeader = RequestHeader.Decode(ref d),
        SubscriptionIds = d.ReadArray(static (ref BinaryDecoder x) => x.ReadUInt32(), 4) ?? [],
    };
}

/// <summary>Response carrying one status per item (DeleteSubscriptions, DeleteMonitoredItems).</summary>
public abstract record StatusListResponse : IServiceResponse
{
    /// <inheritdoc/>
    public abstract uint BinaryEncodingId { get; }
    /// <inheritdoc/>
    public ResponseHeader ResponseHeader { get; init; } = new();
    /// <summary>One status per item.</summary>
    public IReadOnlyList<StatusCode> Results { get; init; } = [];
    /// <summary>Diagnostics.</summary>
    public IReadOnlyList<DiagnosticInfo?> DiagnosticInfos { get; init; } = [];

    /// <inheritdoc/>
    public void Encode(BinaryEncoder e)
    {
        ResponseHeader.Encode(e);
        e.WriteArray(Results, static (x, s) => x.WriteStatusCode(s));
        e.WriteArray(DiagnosticInfos, static (x, s) => x.WriteDiagnosticInfo(s));
    }

    /// <summary>Reads the common body into <paramref name="target"/>.</summary>
    protected static T DecodeInto<T>(ref BinaryDecoder d, T target)
        where T : StatusListResponse => target with
        {
            ResponseHeader = ResponseHeader.Decode(ref d),
            Results = d.ReadArray(static (ref BinaryDecoder x) => x.ReadStatusCode(), 4) ?? [],
            DiagnosticInfos = d.ReadArray(static (ref BinaryDecoder x) => x.ReadDiagnosticInfo()) ?? [],
        };
}

/// <summary>DeleteSubscriptions response.</summary>
public sealed record DeleteSubscriptionsResponse : StatusListResponse
{
    /// <summary>DefaultBinary encoding id.</summary>
    public const uint EncodingId = 850;
    /// <inheritdoc/>
    public override uint BinaryEncodingId => EncodingId;
    /// <summary>Reads the response.</summary>
    public static DeleteSubscriptionsResponse Decode(ref BinaryDecoder d) => DecodeInto(ref d, new DeleteSubscriptionsResponse());
}

/// <summary>Result of transferring one subscription.</summary>
public sealed record TransferResult
{
    /// <summary>Status.</summary>
    public StatusCode StatusCode { get; init; }
    /// <summary>Sequence numbers that can still be republished.</summary>
    public IReadOnlyList<uint> AvailableSequenceNumbers { get; init; } = [];

    /// <summary>Writes the result.</summary>
    public void Encode(BinaryEncoder e)
    {
        e.WriteStatusCode(StatusCode);
        e.WriteArray(AvailableSequenceNumbers, static (x, v) => x.WriteUInt32(v));
    }

    /// <summary>Reads the result.</summary>
    public static TransferResult Decode(ref BinaryDecoder d) => new()
    {
        StatusCode = d.ReadStatusCode(),
        AvailableSequenceNumbers = d.ReadArray(static (ref BinaryDecoder x) => x.ReadUInt32(), 4) ?? [],
    };
}

/// <summary>TransferSubscriptions request (Part 4 §5.13.7).</summary>
public sealed record TransferSubscriptionsRequest : IServiceRequest
{
    /// <summary>DefaultBinary encoding id.</summary>
    public const uint EncodingId = 841;
    /// <inheritdoc/>
    public uint BinaryEncodingId => EncodingId;
    /// <inheritdoc/>
    public RequestHeader RequestHeader { get; init; } = new();
    /// <summary>Subscriptions to move to this session.</summary>
    public IReadOnlyList<uint> SubscriptionIds { get; init; } = [];
    /// <summary>Send current values of all monitored items after the transfer.</summary>
    public bool SendInitialValues { get; init; }

    /// <inheritdoc/>
    public void Encode(BinaryEncoder e)
    {
        RequestHeader.Encode(e);
        e.WriteArray(SubscriptionIds, static (x, v) => x.WriteUInt32(v));
        e.WriteBoolean(SendInitialValues);
    }

    /// <summary>Reads the request.</summary>
    public static TransferSubscriptionsRequest Decode(ref BinaryDecoder d) => new()
    {
        RequestHeader = RequestHeader.Decode(ref d),
        SubscriptionIds = d.ReadArray(static (ref BinaryDecoder x) => x.ReadUInt32(), 4) ?? [],
        SendInitialValues = d.ReadBoolean(),
    };
}

/// <summary>TransferSubscriptions response.</summary>
public sealed record TransferSubscriptionsResponse : IServiceResponse
{
    /// <summary>DefaultBinary encoding id.</summary>
    public const uint EncodingId = 844;
    /// <inheritdoc/>
    public uint BinaryEncodingId => EncodingId;
    /// <inheritdoc/>
    public ResponseHeader ResponseHeader { get; init; } = new();
    /// <summary>One result per subscription.</summary>
    public IReadOnlyList<TransferResult> Results { get; init; } = [];
    /// <summary>Diagnostics.</summary>
    public IReadOnlyList<DiagnosticInfo?> DiagnosticInfos { get; init; } = [];

    /// <inheritdoc/>
    public void Encode(BinaryEncoder e)
    {
        ResponseHeader.Encode(e);
        e.WriteArray(Results, static (x, r) => r.Encode(x));
        e.WriteArray(DiagnosticInfos, static (x, s) => x.WriteDiagnosticInfo(s));
    }

    /// <summary>Reads the response.</summary>
    public static TransferSubscriptionsResponse Decode(ref BinaryDecoder d) => new()
    {
        ResponseHeader = ResponseHeader.Decode(ref d),
        Results = d.ReadArray<TransferResult>(TransferResult.Decode, 8) ?? [],
        DiagnosticInfos = d.ReadArray(static (ref BinaryDecoder x) => x.ReadDiagnosticInfo()) ?? [],
    };
}
