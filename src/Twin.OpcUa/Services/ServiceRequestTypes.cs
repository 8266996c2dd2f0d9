using System.Collections.Frozen;
using Twin.OpcUa.Encoding;

namespace Twin.OpcUa.Services;

/// <summary>Request decoders by DefaultBinary encoding id: what a server understands.</summary>
internal static class ServiceRequestTypes
{
    private static readonly FrozenDictionary<uint, ReadItem<IServiceRequest>> Decoders = new Dictionary<uint, ReadItem<IServiceRequest>>
    {
        [GetEndpointsRequest.EncodingId] = (ref BinaryDecoder d) => GetEndpointsRequest.Decode(ref d),
        [CreateSessionRequest.EncodingId] = (ref BinaryDecoder d) => CreateSessionRequest.Decode(ref d),
        [ActivateSessionRequest.EncodingId] = (ref BinaryDecoder d) => ActivateSessionRequest.Decode(ref d),
        [CloseSessionRequest.EncodingId] = (ref BinaryDecoder d) => CloseSessionRequest.Decode(ref d),
        [BrowseRequest.EncodingId] = (ref BinaryDecoder d) => BrowseRequest.Decode(ref d),
        [BrowseNextRequest.EncodingId] = (ref BinaryDecoder d) => BrowseNextRequest.Decode(ref d),
        [ReadRequest.EncodingId] = (ref BinaryDecoder d) => ReadRequest.Decode(ref d),
        [WriteRequest.EncodingId] = (ref BinaryDecoder d) => WriteRequest.Decode(ref d),
        [CreateSubscriptionRequest.EncodingId] = (ref BinaryDecoder d) => CreateSubscriptionRequest.Decode(ref d),
        [ModifySubscriptionRequest.EncodingId] = (ref BinaryDecoder d) => ModifySubscriptionRequest.Decode(ref d),
        [DeleteSubscriptionsRequest.EncodingId] = (ref BinaryDecoder d) => DeleteSubscriptionsRequest.Decode(ref d),
        [CreateMonitoredItemsRequest.EncodingId] = (ref BinaryDecoder d) => CreateMonitoredItemsRequest.Decode(ref d),
        [DeleteMonitoredItemsRequest.EncodingId] = (ref BinaryDecoder d) => DeleteMonitoredItemsRequest.Decode(ref d),
        [PublishRequest.EncodingId] = (ref BinaryDecoder d) => PublishRequest.Decode(ref d),
        [RepublishRequest.EncodingId] = (ref BinaryDecoder d) => RepublishRequest.Decode(ref d),
        [TransferSubscriptionsRequest.EncodingId] = (ref BinaryDecoder d) => TransferSubscriptionsRequest.Decode(ref d),
    }.ToFrozenDictionary();

    public static bool TryGetDecoder(uint encodingId, out ReadItem<IServiceRequest> decoder) => Decoders.TryGetValue(encodingId, out decoder!);
}
