using Twin.OpcUa.Channel;
using Twin.OpcUa.Encoding;
using Twin.OpcUa.Services;

namespace Twin.OpcUa.Server.Sampling;

/// <summary>A queued Publish request waiting for a subscription to have something to send.</summary>
internal sealed record PendingPublish(ServerSecureChannel Channel, uint RequestId, RequestHeader Header, IReadOnlyList<StatusCode> AcknowledgementResults);

/// <summary>Server side of one session.</summary>
internal sealed class SessionState
{
    public SessionState(NodeId sessionId, NodeId authenticationToken, string? name, TimeSpan timeout)
    {
        SessionId = sessionId;
        AuthenticationToken = authenticationToken;
        Name = name;
        Timeout = timeout;
        Touch();
    }

    public NodeId SessionId { get; }
    public NodeId AuthenticationToken { get; }
    public string? Name { get; }
    public TimeSpan Timeout { get; }
    public bool Activated { get; set; }
    public bool Closed { get; set; }
    public ServerSecureChannel? Channel { get; set; }
    public Dictionary<uint, SubscriptionState> Subscriptions { get; } = [];
    public Queue<PendingPublish> PublishRequests { get; } = new();
    public Dictionary<Guid, List<ReferenceDescription>> ContinuationPoints { get; } = [];
    public long LastActivity { get; private set; }
    /// <summary>The last nonce given to the client: ActivateSession signs it and user-token secrets end with it.</summary>
    public byte[] ServerNonce { get; set; } = [];
    /// <summary>The client certificate from CreateSession (secured channels only).</summary>
    public byte[]? ClientCertificate { get; set; }

    public void Touch() => LastActivity = Environment.TickCount64;

    public bool IsExpired(long now) => now - LastActivity > Timeout.TotalMilliseconds;
}
