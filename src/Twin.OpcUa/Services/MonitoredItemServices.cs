using Twin.OpcUa.Encoding;

namespace Twin.OpcUa.Services;

/// <summary>Whether a monitored item samples and reports.</summary>
public enum MonitoringMode
{
    /// <summary>Neither samples nor reports.</summary>
    Disabled = 0,
    /// <summary>Samples but does not report.</summary>
    Sampling = 1,
    /// <summary>Samples and reports.</summary>
    Reporting = 2,
}

/// <summary>How a monitored item samples and queues.</summary>
public sealed record MonitoringParameters
{
    /// <summary>Client's handle, echoed in every notification.</summary>
    public uint ClientHandle { get; init; }
    /// <summary>Sampling interval in ms (-1 = the publishing interval, 0 = fastest).</summary>
    public double SamplingInterval { get; init; } = -1;
    /// <summary>Filter (e.g. DataChangeFilter), opaque to Twin; null = default.</summary>
    public ExtensionObject Filter { get; init; }
    /// <summary>Values queued between publishes.</summary>
    public uint QueueSize { get; init; } = 1;
    /// <summary>Drop the oldest value when the queue is full.</summary>
    public bool DiscardOldest { get; init; } = true;

    /// <summary>Writes the parameters.</summary>
    public void Encode(BinaryEncoder e)
    {
        e.WriteUInt32(ClientHandle);
        e.WriteDouble(SamplingInterval);
        e.WriteExtensionObject(Filter);
        e.WriteUInt32(QueueSize);
        e.WriteBoolean(DiscardOldest);
    }

    /// <summary>Reads the parameters.</summary>
    public static MonitoringParameters Decode(ref BinaryDecoder d) => new()
    {
        ClientHandle = d.ReadUInt32(),
        SamplingInterval = d.ReadDouble(),
        Filter = d.ReadExtensionObject(),
        QueueSize = d.ReadUInt32(),
        DiscardOldest = d.ReadBoolean(),
    };
}

/// <summary>One monitored item to create.</summary>
public sealed record MonitoredItemCreateRequest
{
    /// <summary>What to monitor.</summary>
    public ReadValueId ItemToMonitor { get; init; } = new();
    /// <summary>Monitoring mode.</summary>
    public MonitoringMode MonitoringMode { get; init; } = MonitoringMode.Reporting;
    /// <summary>Requested parameters.</summary>
    public MonitoringParameters RequestedParameters { get; init; } = new();

    /// <summary>Writes the item.</summary>
    public void Encode(BinaryEncoder e)
    {
        ItemToMonitor.Encode(e);
        e.WriteInt32((int)MonitoringMode);
        RequestedParameters.Encode(e);
    }

    /// <summary>Reads the item.</summary>
    public static MonitoredItemCreateRequest Decode(ref BinaryDecoder d) => new()
    {
        ItemToMonitor = ReadValueId.Decode(ref d),
        MonitoringMode = (MonitoringMode)d.ReadInt32(),
        RequestedParameters = MonitoringParameters.Decode(ref d),
    };
}

/// <summary>Result of creating one monitored item.</summary>
public sealed record MonitoredItemCreateResult
{
    /// <summary>Status.</summary>
    public StatusCode StatusCode { get; init; }
    /// <summary>Server-assigned id.</summary>
    public uint MonitoredItemId { get; init; }
    /// <summary>Granted sampling interval.</summary>
    public double RevisedSamplingInterval { get; init; }
    /// <summary>Granted queue size.</summary>
    public uint RevisedQueueSize { get; init; }
    /// <summary>Filter result.</summary>
    public ExtensionObject FilterResult { get; init; }

    /// <summary>Writes the result.</summary>
    public void Encode(BinaryEncoder e)
    {
        e.WriteStatusCode(StatusCode);
        e.WriteUInt32(MonitoredItemId);
        e.WriteDouble(RevisedSamplingInterval);
        e.WriteUInt32(RevisedQueueSize);
        e.WriteExtensionObject(FilterResult);
    }

    /// <summary>Reads the result.</summary>
    public static MonitoredItemCreateResult Decode(ref BinaryDecoder d) => new()
    {
        StatusCode = d.ReadStatusCode(),
        MonitoredItemId = d.ReadUInt32(),
        RevisedSamplingInterval = d.ReadDouble(),
        RevisedQueueSize = d.ReadUInt32(),
        FilterResult = d.ReadExtensionObject(),
    };
}

/// <summary>CreateMonitoredItems request (Part 4 §5.12.2).</summary>
public sealed record CreateMonitoredItemsRequest : IServiceRequest
{
    /// <summary>DefaultBinary encoding id.</summary>
    public const uint EncodingId = 751;
    /// <inheritdoc/>
    public uint BinaryEncodingId => EncodingId;
    /// <inheritdoc/>
    public RequestHeader RequestHeader { get; init; } = new();
    /// <summary>The subscription.</summary>
    public uint SubscriptionId { get; init; }
    /// <summary>Time stamps in notifications.</summary>
    public TimestampsToReturn TimestampsToReturn { get; init; } = TimestampsToReturn.Both;
    /// <summary>Items to create.</summary>
    public IReadOnlyList<MonitoredItemCreateRequest> ItemsToCreate { get; init; } = [];

    /// <inheritdoc/>
    public void Encode(BinaryEncoder e)
    {
        RequestHeader.Encode(e);
        e.WriteUInt32(SubscriptionId);
        e.WriteInt32((int)TimestampsToReturn);
        e.WriteArray(ItemsToCreate, static (x, i) => i.Encode(x));
    }

    /// <summary>Reads the request.</summary>
    public static CreateMonitoredItemsRequest Decode(ref BinaryDecoder d) => new()
    {
        RequestHeader = RequestHeader.Decode(ref d),
        SubscriptionId = d.ReadUInt32(),
        TimestampsToReturn = (TimestampsToReturn)d.ReadInt32(),
        ItemsToCreate = d.ReadArray<MonitoredItemCreateRequest>(MonitoredItemCreateRequest.Decode, 30) ?? [],
    };
}

/// <summary>CreateMonitoredItems response.</summary>
public sealed record CreateMonitoredItemsResponse : IServiceResponse
{
    /// <summary>DefaultBinary encoding id.</summary>
    public const uint EncodingId = 754;
    /// <inheritdoc/>
    public uint BinaryEncodingId => EncodingId;
    /// <inheritdoc/>
    public ResponseHeader ResponseHeader { get; init; } = new();
    /// <summary>One result per item.</summary>
    public IReadOnlyList<MonitoredItemCreateResult> Results { get; init; } = [];
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
    public static CreateMonitoredItemsResponse Decode(ref BinaryDecoder d) => new()
    {
        ResponseHeader = ResponseHeader.Decode(ref d),
        Results = d.ReadArray<MonitoredItemCreateResult>(MonitoredItemCreateResult.Decode, 22) ?? [],
        DiagnosticInfos = d.ReadArray(static (ref BinaryDecoder x) => x.ReadDiagnosticInfo()) ?? [],
    };
}

/// <summary>DeleteMonitoredItems request (Part 4 §5.12.6).</summary>
public sealed record DeleteMonitoredItemsRequest : IServiceRequest
{
    /// <summary>DefaultBinary encoding id.</summary>
    public const uint EncodingId = 781;
    /// <inheritdoc/>
    public uint BinaryEncodingId => EncodingId;
    /// <inheritdoc/>
    public RequestHeader RequestHeader { get; init; } = new();
    /// <summary>The subscription.</summary>
    public uint SubscriptionId { get; init; }
    /// <summary>Items to delete.</summary>
    public IReadOnlyList<uint> MonitoredItemIds { get; init; } = [];

    /// <inheritdoc/>
    public void Encode(BinaryEncoder e)
    {
        RequestHeader.Encode(e);
        e.WriteUInt32(SubscriptionId);
        e.WriteArray(MonitoredItemIds, static (x, v) => x.WriteUInt32(v));
    }

    /// <summary>Reads the request.</summary>
    public static DeleteMonitoredItemsRequest Decode(ref BinaryDecoder d) => new()
    {
        RequestHeader = RequestHeader.Decode(ref d),
        SubscriptionId = d.ReadUInt32(),
        MonitoredItemIds = d.ReadArray(static (ref BinaryDecoder x) => x.ReadUInt32(), 4) ?? [],
    };
}

/// <summary>DeleteMonitoredItems response.</summary>
public sealed record DeleteMonitoredItemsResponse : StatusListResponse
{
    /// <summary>DefaultBinary encoding id.</summary>
    public const uint EncodingId = 784;
    /// <inheritdoc/>
    public override uint BinaryEncodingId => EncodingId;
    /// <summary>Reads the response.</summary>
    public static DeleteMonitoredItemsResponse Decode(ref BinaryDecoder d) => DecodeInto(ref d, new DeleteMonitoredItemsResponse());
}
