using Twin.OpcUa.Encoding;
using Twin.OpcUa.Services;

namespace Twin.OpcUa.Tests;

/// <summary>
/// The client's Publish decoding reads scalar Doubles on a fast path; it must give exactly what the
/// general DataValue decoder gives for every combination of optional fields, and fall back cleanly
/// for other value types mixed into the same message.
/// </summary>
public sealed class PublishResponseReaderTests
{
    [Fact]
    public void Double_fast_path_matches_the_general_decoder_for_every_optional_field_combination()
    {
        var source = new DateTime(2026, 11, 27, 8, 30, 0, DateTimeKind.Utc).AddTicks(1234567);
        var server = source.AddMilliseconds(3);
        var changes = new List<MonitoredItemNotification>();
        for (var fields = 0; fields < 32; fields++)
        {
            var value = new DataValue(
                new Variant(fields * 1.25 - 7),
                (fields & 1) != 0 ? new StatusCode(0x40000000).WithOverflow() : StatusCode.Good,
                (fields & 2) != 0 ? source : default,
                (fields & 4) != 0 ? server : default)
            {
                SourcePicoseconds = (fields & 8) != 0 ? (ushort)123 : (ushort)0,
                ServerPicoseconds = (fields & 16) != 0 ? (ushort)456 : (ushort)0,
            };
            changes.Add(new MonitoredItemNotification((uint)fields + 1, value));
            // Other shapes between Doubles: the reader must leave the fast path and come back.
            changes.Add(new MonitoredItemNotification(1000 + (uint)fields, new DataValue((fields % 3) switch
            {
                0 => new Variant(fields),
                1 => new Variant($"text {fields}"),
                _ => Variant.FromArray(BuiltInType.Double, new[] { 1.0, fields }),
            })));
        }

        var dataChange = NotificationTypes.EncodeDataChange(changes);
        var expected = NotificationTypes.DecodeDataChange(dataChange.Body.Span);
        var response = new PublishResponse
        {
            SubscriptionId = 3,
            NotificationMessage = new NotificationMessage { SequenceNumber = 11, NotificationData = [dataChange] },
        };
        using var encoder = new BinaryEncoder();
        response.Encode(encoder);
        var decoder = new BinaryDecoder(encoder.WrittenSpan);
        var batch = new DataChangeBatch();

        PublishResponseReader.ReadPublishResponse(ref decoder, batch);

        Assert.Equal(0, decoder.Remaining);
        Assert.Equal(expected.Length, batch.Count);
        for (var i = 0; i < expected.Length; i++)
        {
            Assert.Equal(expected[i], batch.Notifications[i]);
        }

        Assert.Equal(16, batch.OverflowCount);
    }

    [Fact]
    public void A_Double_notification_cut_short_is_a_protocol_error_not_a_misread()
    {
        var dataChange = NotificationTypes.EncodeDataChange(
            [new MonitoredItemNotification(1, new DataValue(new Variant(2.5), new StatusCode(0x40000000), DateTime.UtcNow, DateTime.UtcNow) { ServerPicoseconds = 9 })]);
        var body = dataChange.Body.ToArray();
        // Body = array length (4) + notification + diagnostic infos length (4): cut the notification anywhere.
        for (var keep = 4; keep < body.Length - 4; keep++)
        {
            var truncated = new ExtensionObject(dataChange.TypeId, ExtensionObjectEncoding.Binary, body.AsMemory(0, keep));
            var response = new PublishResponse { NotificationMessage = new NotificationMessage { SequenceNumber = 1, NotificationData = [truncated] } };
            using var encoder = new BinaryEncoder();
            response.Encode(encoder);
            var bytes = encoder.WrittenSpan.ToArray();
            var batch = new DataChangeBatch();

            var ex = Assert.Throws<OpcUaProtocolException>(() =>
            {
                var decoder = new BinaryDecoder(bytes);
                PublishResponseReader.ReadPublishResponse(ref decoder, batch);
            });
            Assert.Equal(StatusCode.BadDecodingError, ex.Status);
        }
    }
}
