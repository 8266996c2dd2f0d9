using Twin.OpcUa.Encoding;
using Twin.OpcUa.Services;

namespace Twin.OpcUa.Tests;

/// <summary>One filled-in example of every service message, with its decoder: the corpus for round trips and fuzzing.</summary>
internal static class SampleMessages
{
    private static readonly DateTime Now = new(2026, 11, 27, 10, 0, 0, DateTimeKind.Utc);
    private static readonly RequestHeader Rq = new() { AuthenticationToken = new NodeId(new byte[] { 1, 2, 3 }, 0), Timestamp = Now, RequestHandle = 7, TimeoutHint = 5000, AuditEntryId = "audit" };
    private static readonly ResponseHeader Rs = new() { Timestamp = Now, RequestHandle = 7, ServiceResult = StatusCode.Good, StringTable = ["a", null], ServiceDiagnostics = new DiagnosticInfo { AdditionalInfo = "d" } };

    public sealed record Sample(string Name, IEncodeableMessage Message, Func<byte[], IEncodeableMessage> Decode);

    private static Sample S<T>(T message, ReadItem<T> decode) where T : IEncodeableMessage =>
        new(typeof(T).Name, message, bytes =>
        {
            var d = new BinaryDecoder(bytes);
            var result = decode(ref d);
            d.ExpectEnd();
            return result;
        });

    private static readonly EndpointDescription Endpoint = new()
    {
        EndpointUrl = "opc.tcp://plc:4840",
        Server = new ApplicationDescription { ApplicationUri = "urn:plc", ApplicationName = new LocalizedText("en", "PLC"), DiscoveryUrls = ["opc.tcp://plc:4840"] },
        SecurityMode = MessageSecurityMode.None,
        SecurityPolicyUri = "http://opcfoundation.org/UA/SecurityPolicy#None",
        UserIdentityTokens = [new UserTokenPolicy { PolicyId = "anonymous" }, new UserTokenPolicy { PolicyId = "username", TokenType = UserTokenType.UserName }],
        TransportProfileUri = "http://opcfoundation.org/UA-Profile/Transport/uatcp-uasc-uabinary",
    };

    public static IReadOnlyList<Sample> All { get; } =
    [
        S(new OpenSecureChannelRequest { RequestHeader = Rq, RequestType = SecurityTokenRequestType.Renew, ClientNonce = [], RequestedLifetime = 60000 }, OpenSecureChannelRequest.Decode),
        S(new OpenSecureChannelResponse { ResponseHeader = Rs, SecurityToken = new ChannelSecurityToken { ChannelId = 3, TokenId = 2, CreatedAt = Now, RevisedLifetime = 60000 }, ServerNonce = [] }, OpenSecureChannelResponse.Decode),
        S(new CloseSecureChannelRequest { RequestHeader = Rq }, CloseSecureChannelRequest.Decode),
        S(new GetEndpointsRequest { RequestHeader = Rq, EndpointUrl = "opc.tcp://plc:4840", LocaleIds = ["en"] }, GetEndpointsRequest.Decode),
        S(new GetEndpointsResponse { ResponseHeader = Rs, Endpoints = [Endpoint] }, GetEndpointsResponse.Decode),
        S(new CreateSessionRequest { RequestHeader = Rq, ClientDescription = Endpoint.Server, EndpointUrl = "opc.tcp://plc:4840", SessionName = "s", ClientNonce = new byte[32], RequestedSessionTimeout = 60000 }, CreateSessionRequest.Decode),
        S(new CreateSessionResponse { ResponseHeader = Rs, SessionId = new NodeId(Guid.NewGuid(), 1), AuthenticationToken = new NodeId(new byte[16], 0), RevisedSessionTimeout = 30000, ServerEndpoints = [Endpoint], ServerSoftwareCertificates = [new SignedSoftwareCertificate { CertificateData = [1] }] }, CreateSessionResponse.Decode),
        S(new ActivateSessionRequest { RequestHeader = Rq, LocaleIds = ["en"], UserIdentityToken = IdentityTokens.UserName("username", "op", "secret") }, ActivateSessionRequest.Decode),
        S(new ActivateSessionResponse { ResponseHeader = Rs, ServerNonce = new byte[32], Results = [StatusCode.Good] }, ActivateSessionResponse.Decode),
        S(new CloseSessionRequest { RequestHeader = Rq, DeleteSubscriptions = true }, CloseSessionRequest.Decode),
        S(new CloseSessionResponse { ResponseHeader = Rs }, CloseSessionResponse.Decode),
        S(new BrowseRequest { RequestHeader = Rq, RequestedMaxReferencesPerNode = 100, NodesToBrowse = [new BrowseDescription { NodeId = new NodeId(85), NodeClassMask = 3 }] }, BrowseRequest.Decode),
        S(new BrowseResponse { ResponseHeader = Rs, Results = [new BrowseResult { ContinuationPoint = [1, 2], References = [new ReferenceDescription { ReferenceTypeId = new NodeId(35), IsForward = true, NodeId = new NodeId("Line1", 1), BrowseName = new QualifiedName(1, "Line1"), DisplayName = "Line1", NodeClass = NodeClass.Object, TypeDefinition = new NodeId(61) }] }] }, BrowseResponse.Decode),
        S(new BrowseNextRequest { RequestHeader = Rq, ContinuationPoints = [[1, 2]] }, BrowseNextRequest.Decode),
        S(new BrowseNextResponse { ResponseHeader = Rs, Results = [new BrowseResult { StatusCode = StatusCode.BadContinuationPointInvalid }] }, BrowseNextResponse.Decode),
        S(new ReadRequest { RequestHeader = Rq, MaxAge = 100, NodesToRead = [new ReadValueId { NodeId = new NodeId("T", 1), IndexRange = "1:2", DataEncoding = new QualifiedName(0, "Default Binary") }] }, ReadRequest.Decode),
        S(new ReadResponse { ResponseHeader = Rs, Results = [new DataValue(new Variant(1.5), StatusCode.Good, Now, Now), new DataValue(Variant.Null, StatusCode.BadNodeIdUnknown)] }, ReadResponse.Decode),
        S(new WriteRequest { RequestHeader = Rq, NodesToWrite = [new WriteValue { NodeId = new NodeId("T", 1), Value = new DataValue(new Variant("x")) }] }, WriteRequest.Decode),
        S(new WriteResponse { ResponseHeader = Rs, Results = [StatusCode.BadNotWritable] }, WriteResponse.Decode),
        S(new CreateSubscriptionRequest { RequestHeader = Rq, RequestedPublishingInterval = 100, RequestedLifetimeCount = 30, RequestedMaxKeepAliveCount = 10, MaxNotificationsPerPublish = 1000, Priority = 1 }, CreateSubscriptionRequest.Decode),
        S(new CreateSubscriptionResponse { ResponseHeader = Rs, SubscriptionId = 9, RevisedPublishingInterval = 100, RevisedLifetimeCount = 30, RevisedMaxKeepAliveCount = 10 }, CreateSubscriptionResponse.Decode),
        S(new ModifySubscriptionRequest { RequestHeader = Rq, SubscriptionId = 9, RequestedPublishingInterval = 200 }, ModifySubscriptionRequest.Decode),
        S(new ModifySubscriptionResponse { ResponseHeader = Rs, RevisedPublishingInterval = 200 }, ModifySubscriptionResponse.Decode),
        S(new DeleteSubscriptionsRequest { RequestHeader = Rq, SubscriptionIds = [9, 10] }, DeleteSubscriptionsRequest.Decode),
        S(new DeleteSubscriptionsResponse { ResponseHeader = Rs, Results = [StatusCode.Good] }, DeleteSubscriptionsResponse.Decode),
        S(new CreateMonitoredItemsRequest { RequestHeader = Rq, SubscriptionId = 9, ItemsToCreate = [new MonitoredItemCreateRequest { ItemToMonitor = new ReadValueId { NodeId = new NodeId(2258) }, RequestedParameters = new MonitoringParameters { ClientHandle = 5, SamplingInterval = 50, QueueSize = 10, Filter = new ExtensionObject(new NodeId(724), ExtensionObjectEncoding.Binary, new byte[] { 1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0 }) } }] }, CreateMonitoredItemsRequest.Decode),
        S(new CreateMonitoredItemsResponse { ResponseHeader = Rs, Results = [new MonitoredItemCreateResult { MonitoredItemId = 1, RevisedSamplingInterval = 50, RevisedQueueSize = 10 }] }, CreateMonitoredItemsResponse.Decode),
        S(new DeleteMonitoredItemsRequest { RequestHeader = Rq, SubscriptionId = 9, MonitoredItemIds = [1] }, DeleteMonitoredItemsRequest.Decode),
        S(new DeleteMonitoredItemsResponse { ResponseHeader = Rs, Results = [StatusCode.Good] }, DeleteMonitoredItemsResponse.Decode),
        S(new PublishRequest { RequestHeader = Rq, SubscriptionAcknowledgements = [new SubscriptionAcknowledgement(9, 4)] }, PublishRequest.Decode),
        S(PublishWithDoubles(3), PublishResponse.Decode),
        S(new RepublishRequest { RequestHeader = Rq, SubscriptionId = 9, RetransmitSequenceNumber = 4 }, RepublishRequest.Decode),
        S(new RepublishResponse { ResponseHeader = Rs, NotificationMessage = new NotificationMessage { SequenceNumber = 4, PublishTime = Now, NotificationData = [NotificationTypes.EncodeStatusChange(StatusCode.BadTimeout)] } }, RepublishResponse.Decode),
        S(new TransferSubscriptionsRequest { RequestHeader = Rq, SubscriptionIds = [9], SendInitialValues = true }, TransferSubscriptionsRequest.Decode),
        S(new TransferSubscriptionsResponse { ResponseHeader = Rs, Results = [new TransferResult { AvailableSequenceNumbers = [3, 4] }] }, TransferSubscriptionsResponse.Decode),
        S(new ServiceFault { ResponseHeader = Rs with { ServiceResult = StatusCode.BadSessionIdInvalid } }, ServiceFault.Decode),
    ];

    /// <summary>A PublishResponse carrying <paramref name="count"/> Double changes, as a server sends them.</summary>
    public static PublishResponse PublishWithDoubles(int count) => new()
    {
        ResponseHeader = Rs,
        SubscriptionId = 9,
        AvailableSequenceNumbers = [3, 4],
        MoreNotifications = false,
        NotificationMessage = new NotificationMessage
        {
            SequenceNumber = 4,
            PublishTime = Now,
            NotificationData =
            [
                NotificationTypes.EncodeDataChange(Enumerable.Range(0, count)
                    .Select(i => new MonitoredItemNotification((uint)i + 1, new DataValue(new Variant(i * 1.5), StatusCode.Good, Now, Now)))
                    .ToList()),
            ],
        },
        Results = [StatusCode.Good],
    };

    public static byte[] Encode(IEncodeableMessage message)
    {
        using var e = new BinaryEncoder();
        message.Encode(e);
        return e.ToArray();
    }
}
