using Twin.OpcUa.Encoding;

namespace Twin.OpcUa.Services;

/// <summary>
/// Decodes Publish and Republish responses straight into a reused <see cref="DataChangeBatch"/>:
/// the hot path of ingest. Numeric values never box and the notification array is reused, so the
/// steady state allocates nothing per notification.
/// </summary>
public static class PublishResponseReader
{
    /// <summary>Reads a PublishResponse body (after its type id) into <paramref name="batch"/>.</summary>
    public static void ReadPublishResponse(ref BinaryDecoder d, DataChangeBatch batch)
    {
        ArgumentNullException.ThrowIfNull(batch);
        batch.Clear();
        batch.ServiceResult = ReadResponseHeader(ref d);
        batch.SubscriptionId = d.ReadUInt32();
        var available = d.ReadArrayLength(4);
        for (var i = 0; i < available; i++)
        {
            batch.AddAvailable(d.ReadUInt32());
        }

        batch.MoreNotifications = d.ReadBoolean();
        ReadNotificationMessage(ref d, batch);
        var results = d.ReadArrayLength(4);
        for (var i = 0; i < results; i++)
        {
            batch.AddAckResult(d.ReadStatusCode());
        }

        SkipDiagnosticInfos(ref d);
    }

    /// <summary>Reads a RepublishResponse body (after its type id) into <paramref name="batch"/>.</summary>
    public static void ReadRepublishResponse(ref BinaryDecoder d, DataChangeBatch batch, uint subscriptionId)
    {
        ArgumentNullException.ThrowIfNull(batch);
        batch.Clear();
        batch.ServiceResult = ReadResponseHeader(ref d);
        batch.SubscriptionId = subscriptionId;
        batch.IsRepublished = true;
        ReadNotificationMessage(ref d, batch);
    }

    /// <summary>Reads a response header without keeping it; returns the service result.</summary>
    public static StatusCode ReadResponseHeader(ref BinaryDecoder d)
    {
        d.ReadInt64();
        d.ReadUInt32();
        var result = d.ReadStatusCode();
        d.ReadDiagnosticInfo();
        var strings = d.ReadArrayLength(4);
        for (var i = 0; i < strings; i++)
        {
            d.ReadString();
        }

        d.ReadExtensionObjectBody(out _, out _);
        return result;
    }

    private static void SkipDiagnosticInfos(ref BinaryDecoder d)
    {
        var count = d.ReadArrayLength();
        for (var i = 0; i < count; i++)
        {
            d.ReadDiagnosticInfo();
        }
    }

    private static void ReadNotificationMessage(ref BinaryDecoder d, DataChangeBatch batch)
    {
        batch.SequenceNumber = d.ReadUInt32();
        batch.PublishTime = d.ReadDateTime();
        var count = d.ReadArrayLength(2);
        for (var i = 0; i < count; i++)
        {
            batch.MarkNotificationData();
            var body = d.ReadExtensionObjectBody(out var typeId, out var encoding);
            if (encoding != ExtensionObjectEncoding.Binary || typeId.NamespaceIndex != 0 || typeId.IdType != NodeIdType.Numeric)
            {
                continue;
            }

            switch (typeId.NumericIdentifier)
            {
                case NotificationTypes.DataChange:
                    ReadDataChange(body, d.Limits, batch);
                    break;
                case NotificationTypes.StatusChange:
                    var inner = new BinaryDecoder(body, d.Limits);
                    batch.SubscriptionStatus = inner.ReadStatusCode();
                    break;
                case NotificationTypes.EventList:
                    var events = new BinaryDecoder(body, d.Limits);
                    batch.EventCount += Math.Max(0, events.ReadArrayLength());
                    break;
            }
        }
    }

    private static void ReadDataChange(ReadOnlySpan<byte> body, DecodingLimits limits, DataChangeBatch batch)
    {
        var d = new BinaryDecoder(body, limits);
        var count = d.ReadArrayLength(5);
        batch.EnsureNotificationCapacity(Math.Max(count, 0));
        var overflow = 0;
        for (var i = 0; i < count; i++)
        {
            ref var slot = ref batch.AddNotification();
            if (d.TryReadDoubleNotification(out var handle, out var value))
            {
                slot = new MonitoredItemNotification(handle, value);
            }
            else
            {
                handle = d.ReadUInt32();
                slot = new MonitoredItemNotification(handle, d.ReadDataValue());
            }

            overflow += slot.Value.StatusCode.IsOverflow ? 1 : 0;
        }

        batch.OverflowCount += overflow;
        SkipDiagnosticInfos(ref d);
    }
}
