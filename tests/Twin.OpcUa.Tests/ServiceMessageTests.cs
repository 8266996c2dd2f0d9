using Twin.OpcUa.Encoding;
using Twin.OpcUa.Services;

namespace Twin.OpcUa.Tests;

/// <summary>Service messages round-trip and carry the DefaultBinary encoding ids of Part 6 Annex A.</summary>
public sealed class ServiceMessageTests
{
    public static TheoryData<string> Names()
    {
        var data = new TheoryData<string>();
        foreach (var sample in SampleMessages.All)
        {
            data.Add(sample.Name);
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(Names))]
    public void Message_round_trips_byte_for_byte(string name)
    {
        var sample = SampleMessages.All.Single(s => s.Name == name);
        var bytes = SampleMessages.Encode(sample.Message);
        var decoded = sample.Decode(bytes);
        Assert.Equal(Convert.ToHexString(bytes), Convert.ToHexString(SampleMessages.Encode(decoded)));
        Assert.Equal(sample.Message.BinaryEncodingId, decoded.BinaryEncodingId);
    }

    [Fact]
    public void Encoding_ids_match_the_specification()
    {
        // NodeIds.csv (Part 6 Annex A): <Type>_Encoding_DefaultBinary.
        var expected = new Dictionary<string, uint>
        {
            ["OpenSecureChannelRequest"] = 446, ["OpenSecureChannelResponse"] = 449, ["CloseSecureChannelRequest"] = 452,
            ["GetEndpointsRequest"] = 428, ["GetEndpointsResponse"] = 431, ["CreateSessionRequest"] = 461, ["CreateSessionResponse"] = 464,
            ["ActivateSessionRequest"] = 467, ["ActivateSessionResponse"] = 470, ["CloseSessionRequest"] = 473, ["CloseSessionResponse"] = 476,
            ["BrowseRequest"] = 527, ["BrowseResponse"] = 530, ["BrowseNextRequest"] = 533, ["BrowseNextResponse"] = 536,
            ["ReadRequest"] = 631, ["ReadResponse"] = 634, ["WriteRequest"] = 673, ["WriteResponse"] = 676,
            ["CreateMonitoredItemsRequest"] = 751, ["CreateMonitoredItemsResponse"] = 754, ["DeleteMonitoredItemsRequest"] = 781, ["DeleteMonitoredItemsResponse"] = 784,
            ["CreateSubscriptionRequest"] = 787, ["CreateSubscriptionResponse"] = 790, ["ModifySubscriptionRequest"] = 793, ["ModifySubscriptionResponse"] = 796,
            ["PublishRequest"] = 826, ["PublishResponse"] = 829, ["RepublishRequest"] = 832, ["RepublishResponse"] = 835,
            ["TransferSubscriptionsRequest"] = 841, ["TransferSubscriptionsResponse"] = 844, ["DeleteSubscriptionsRequest"] = 847, ["DeleteSubscriptionsResponse"] = 850,
            ["ServiceFault"] = 397,
        };
        foreach (var sample in SampleMessages.All)
        {
            Assert.Equal(expected[sample.Name], sample.Message.BinaryEncodingId);
        }

        Assert.Equal(811u, NotificationTypes.DataChange);
        Assert.Equal(820u, NotificationTypes.StatusChange);
        Assert.Equal(916u, NotificationTypes.EventList);
        Assert.Equal(321u, IdentityTokens.AnonymousEncodingId);
        Assert.Equal(324u, IdentityTokens.UserNameEncodingId);
    }

    [Fact]
    public void Publish_response_reader_fills_the_reused_batch_with_every_notification()
    {
        var bytes = SampleMessages.Encode(SampleMessages.PublishWithDoubles(1500));
        var batch = new DataChangeBatch();
        for (var round = 0; round < 2; round++)
        {
            var decoder = new BinaryDecoder(bytes);
            PublishResponseReader.ReadPublishResponse(ref decoder, batch);
            Assert.Equal(0, decoder.Remaining);
            Assert.Equal(1500, batch.Count);
            Assert.Equal(9u, batch.SubscriptionId);
            Assert.Equal(4u, batch.SequenceNumber);
            Assert.Equal([3u, 4], batch.AvailableSequenceNumbers.ToArray());
            Assert.Equal(1u, batch.Notifications[0].ClientHandle);
            Assert.Equal(1499 * 1.5, batch.Notifications[1499].Value.Value.ToDouble());
            Assert.False(batch.IsKeepAlive);
        }
    }

    [Fact]
    public void Publish_response_decoding_allocates_nothing_per_notification_in_steady_state()
    {
        var bytes = SampleMessages.Encode(SampleMessages.PublishWithDoubles(1000));
        var batch = new DataChangeBatch();
        Decode(bytes, batch);
        var before = GC.GetAllocatedBytesForCurrentThread();
        for (var i = 0; i < 10; i++)
        {
            Decode(bytes, batch);
        }

        var perNotification = (GC.GetAllocatedBytesForCurrentThread() - before) / 10_000.0;
        Assert.True(perNotification < 1, $"Decoding allocated {perNotification:0.00} bytes per notification");

        static void Decode(byte[] bytes, DataChangeBatch batch)
        {
            var decoder = new BinaryDecoder(bytes);
            PublishResponseReader.ReadPublishResponse(ref decoder, batch);
        }
    }
}
