using Twin.OpcUa.Encoding;
using Twin.OpcUa.Services;

namespace Twin.Benchmarks.Scenarios.Decoder;

/// <summary>
/// A PublishResponse body as a busy server sends it: one DataChangeNotification with the server's maximum of
/// notifications, each a Double with status Good and source and server time stamps, and an acknowledgement
/// result. Encoded with the stack's own encoder, so the bytes are exactly what the client decodes on the wire.
/// </summary>
public static class PublishResponseSample
{
    public static byte[] Encode(int notifications)
    {
        var now = DateTime.UtcNow;
        var changes = new MonitoredItemNotification[notifications];
        for (var i = 0; i < notifications; i++)
        {
            var value = new DataValue(new Variant(20.0 + (i % 100) * 0.37), StatusCode.Good, now.AddTicks(-i * 10), now);
            changes[i] = new MonitoredItemNotification((uint)(i + 1), value);
        }

        var response = new PublishResponse
        {
            ResponseHeader = new ResponseHeader { Timestamp = now, RequestHandle = 42 },
            SubscriptionId = 7,
            AvailableSequenceNumbers = [1041],
            NotificationMessage = new NotificationMessage
            {
                SequenceNumber = 1041,
                PublishTime = now,
                NotificationData = [NotificationTypes.EncodeDataChange(changes)],
            },
            Results = [StatusCode.Good],
        };
        using var encoder = new BinaryEncoder(64 + notifications * 40);
        response.Encode(encoder);
        return encoder.ToArray();
    }
}
