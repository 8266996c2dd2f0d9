using Twin.OpcUa.Encoding;

namespace Twin.OpcUa.Services;

/// <summary>Tells the server a notification message arrived and need not be kept for Republish.</summary>
/// <param name="SubscriptionId">The subscription.</param>
/// <param name="SequenceNumber">The message's sequence number.</param>
public readonly record struct SubscriptionAcknowledgement(uint SubscriptionId, uint SequenceNumber);

/// <summary>One value change of one monitored item.</summary>
/// <param name="ClientHandle">The client handle given when the item was created.</param>
/// <param name="Value">The new value with status and time stamps.</param>
public readonly record struct MonitoredItemNotification(uint ClientHandle, DataValue Value);

/// <summary>Notification type encoding ids (Part 6 Annex A).</summary>
public static class NotificationTypes
{
    /// <summary>DataChangeNotification DefaultBinary.</summary>
    public const uint DataChange = 811;
    /// <summary>StatusChangeNotification DefaultBinary.</summary>
    public const uint StatusChange = 820;
    /// <summary>EventNotificationList DefaultBinary.</summary>
    public const uint EventList = 916;

    /// <summary>Encodes a DataChangeNotification as an ExtensionObject.</summary>
    public static ExtensionObject EncodeDataChange(IReadOnlyList<MonitoredItemNotification> items)
    {
        using var e = new BinaryEncoder(16 + items.Count * 32);
        e.WriteArray(items, static (x, n) =>
        {
            x.WriteUInt32(n.ClientHandle);
            x.WriteDataValue(n.Value);
        });
        e.WriteInt32(-1);
        return new ExtensionObject(new NodeId(DataChange), ExtensionObjectEncoding.Binary, e.ToArray());
    }

    /// <summary>Decodes a DataChangeNotification body.</summary>
    public static MonitoredItemNotification[] DecodeDataChange(ReadOnlySpan<byte> body, DecodingLimits? limits = null)
    {
        var d = new BinaryDecoder(body, limits);
        var items = d.ReadArray(static (ref BinaryDecoder x) => new MonitoredItemNotification(x.ReadUInt32(), x.ReadDataValue()), 5) ?? [];
        d.ReadArray(static (ref BinaryDecoder x) => x.ReadDiagnosticInfo());
        return items;
    }

    /// <summary>Encodes a StatusChangeNotification as an ExtensionObject.</summary>
    public static ExtensionObject EncodeStatusChange(StatusCode status)
    {
        using var e = new BinaryEncoder(16);
        e.WriteStatusCode(status);
        e.WriteDiagnosticInfo(null);
        return new ExtensionObject(new NodeId(StatusChange), ExtensionObjectEncoding.Binary, e.ToArray());
    }
}

/// <summary>A numbered message of notifications from one subscription (Part 4 §7.25).</summary>
public sealed record NotificationMessage
{
    /// <summary>Sequence number (keep-alives carry the next number without using it).</summary>
    public uint SequenceNumber { get; init; }
    /// <summary>When the server published the message.</summary>
    public DateTime PublishTime { get; init; }
    /// <summary>DataChangeNotification / StatusChangeNotification / EventNotificationList bodies.</summary>
    public IReadOnlyList<ExtensionObject> NotificationData { get; init; } = [];

    /// <summary>Writes the message.</summary>
    public void Encode(BinaryEncoder e)
    {
        e.WriteUInt32(SequenceNumber);
        e.WriteDateTime(PublishTime);
        e.WriteArray(NotificationData, static (x, n) => x.WriteExtensionObject(n));
    }

    /// <summary>Reads the message.</summary>
    public static NotificationMessage Decode(ref BinaryDecoder d) => new()
    {
        SequenceNumber = d.ReadUInt32(),
        PublishTime = d.ReadDateTime(),
        NotificationData = d.ReadArray(static (ref BinaryDecoder x) => x.ReadExtensionObject(), 2) ?? [],
    };
}

/// <summary>Publish request (Part 4 §5.13.5).</summary>
public sealed record PublishRequest : IServiceRequest
{
    /// <summary>DefaultBinary encoding id.</summary>
    public const uint EncodingId = 826;
    /// <inheritdoc/>
    public uint BinaryEncodingId => EncodingId;
    /// <inheritdoc/>
    public RequestHeader RequestHeader { get; init; } = new();
    /// <summary>Messages received since the last Publish.</summary>
    public IReadOnlyList<SubscriptionAcknowledgement> SubscriptionAcknowledgements { get; init; } = [];

    /// <inheritdoc/>
    public void Encode(BinaryEncoder e)
    {
        RequestHeader.Encode(e);
        e.WriteArray(SubscriptionAcknowledgements, static (x, a) =>
        {
            x.WriteUInt32(a.SubscriptionId);
            x.WriteUInt32(a.SequenceNumber);
        });
    }

    /// <summary>Reads the request.</summary>
    public static PublishRequest Decode(ref BinaryDecoder d) => new()
    {
        RequestHeader = RequestHeader.Decode(ref d),
        SubscriptionAcknowledgements = d.ReadArray(static (ref BinaryDecoder x) => new SubscriptionAcknowledgement(x.ReadUInt32(), x.ReadUInt32()), 8) ?? [],
    };
}

/// <summary>Publish response (general form; the client decodes it with <see cref="PublishResponseReader"/>).</summary>
public sealed record PublishResponse : IServiceResponse
{
    /// <summary>DefaultBinary encoding id.</summary>
    public const uint EncodingId = 829;
    /// <inheritdoc/>
    public uint BinaryEncodingId => EncodingId;
    /// <inheritdoc/>
    public ResponseHeader ResponseHeader { get; init; } = new();
    /// <summary>The subscription the message belongs to.</summary>
    public uint SubscriptionId { get; init; }
    /// <summary>Sequence numbers the server can still republish.</summary>
    public IReadOnlyList<uint> AvailableSequenceNumbers { get; init; } = [];
    /// <summary>More notifications are waiting.</summary>
    public bool MoreNotifications { get; init; }
    /// <summary>The message.</summary>
    public NotificationMessage NotificationMessage { get; init; } = new();
    /// <summary>Results of the acknowledgements.</summary>
    public IReadOnlyList<StatusCode> Results { get; init; } = [];
    /// <summary>Diagnostics.</summary>
    public IReadOnlyList<DiagnosticInfo?> DiagnosticInfos { get; init; } = [];

    /// <inheritdoc/>
    public void Encode(BinaryEncoder e)
    {
        ResponseHeader.Encode(e);
        e.WriteUInt32(SubscriptionId);
        e.WriteArray(AvailableSequenceNumbers, static (x, v) => x.WriteUInt32(v));
        e.WriteBoolean(MoreNotifications);
        NotificationMessage.Encode(e);
        e.WriteArray(Results, static (x, s) => x.WriteStatusCode(s));
        e.WriteArray(DiagnosticInfos, static (x, s) => x.WriteDiagnosticInfo(s));
    }

    /// <summary>Reads the response.</summary>
    public static PublishResponse Decode(ref BinaryDecoder d) => new()
    {
        ResponseHeader = ResponseHeader.Decode(ref d),
        SubscriptionId = d.ReadUInt32(),
        AvailableSequenceNumbers = d.ReadArray(static (ref BinaryDecoder x) => x.ReadUInt32(), 4) ?? [],
        MoreNotifications = d.ReadBoolean(),
        NotificationMessage = NotificationMessage.Decode(ref d),
        Results = d.ReadArray(static (ref BinaryDecoder x) => x.ReadStatusCode(), 4) ?? [],
        DiagnosticInfos = d.ReadArray(static (ref BinaryDecoder x) => x.ReadDiagnosticInfo()) ?? [],
    };
}

/// <summary>Republish request (Part 4 §5.13.6).</summary>
public sealed record RepublishRequest : IServiceRequest
{
    /// <summary>DefaultBinary encoding id.</summary>
    public const uint EncodingId = 832;
    /// <inheritdoc/>
    public uint BinaryEncodingId => EncodingId;
    /// <inheritdoc/>
    public RequestHeader RequestHeader { get; init; } = new();
    /// <summary>The subscription.</summary>
    public uint SubscriptionId { get; init; }
    /// <summary>The sequence number to send again.</summary>
    public uint RetransmitSequenceNumber { get; init; }

    /// <inheritdoc/>
    public void Encode(BinaryEncoder e)
    {
        RequestHeader.Encode(e);
        e.WriteUInt32(SubscriptionId);
        e.WriteUInt32(RetransmitSequenceNumber);
    }

    /// <summary>Reads the request.</summary>
    public static RepublishRequest Decode(ref BinaryDecoder d) => new()
    {
        RequestHeader = RequestHeader.Decode(ref d),
        SubscriptionId = d.ReadUInt32(),
        RetransmitSequenceNumber = d.ReadUInt32(),
    };
}

/// <summary>Republish response.</summary>
public sealed record RepublishResponse : IServiceResponse
{
    /// <summary>DefaultBinary encoding id.</summary>
    public const uint EncodingId = 835;
    /// <inheritdoc/>
    public uint BinaryEncodingId => EncodingId;
    /// <inheritdoc/>
    public ResponseHeader ResponseHeader { get; init; } = new();
    /// <summary>The message sent again.</summary>
    public NotificationMessage NotificationMessage { get; init; } = new();

    /// <inheritdoc/>
    public void Encode(BinaryEncoder e)
    {
        ResponseHeader.Encode(e);
        NotificationMessage.Encode(e);
    }

    /// <summary>Reads the response.</summary>
    public static RepublishResponse Decode(ref BinaryDecoder d) => new()
    {
        ResponseHeader = ResponseHeader.Decode(ref d),
        NotificationMessage = NotificationMessage.Decode(ref d),
    };
}
