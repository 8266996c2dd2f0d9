using System.Security.Cryptography;
using Microsoft.Extensions.Logging;
using Twin.OpcUa.Channel;
using Twin.OpcUa.Encoding;
using Twin.OpcUa.Server.Sampling;
using Twin.OpcUa.Services;

namespace Twin.OpcUa.Server;

public sealed partial class OpcUaServer
{
    private const string AnonymousPolicyId = "anonymous";
    private const string UserNamePolicyId = "username";

    private EndpointDescription Endpoint()
    {
        var policies = new List<UserTokenPolicy>();
        if (_options.AllowAnonymous)
        {
            policies.Add(new UserTokenPolicy { PolicyId = AnonymousPolicyId, TokenType = UserTokenType.Anonymous });
        }

        if (_options.Users.Count > 0)
        {
            policies.Add(new UserTokenPolicy { PolicyId = UserNamePolicyId, TokenType = UserTokenType.UserName, SecurityPolicyUri = SecurityPolicies.None });
        }

        return new EndpointDescription
        {
            EndpointUrl = EndpointUrl,
            Server = new ApplicationDescription
            {
                ApplicationUri = _options.ApplicationUri,
                ProductUri = "urn:twin",
                ApplicationName = new LocalizedText("en", _options.ApplicationName),
                ApplicationType = ApplicationType.Server,
                DiscoveryUrls = [EndpointUrl],
            },
            SecurityMode = MessageSecurityMode.None,
            SecurityPolicyUri = SecurityPolicies.None,
            UserIdentityTokens = policies,
            TransportProfileUri = SecurityPolicies.UaTcpTransport,
            SecurityLevel = 0,
        };
    }

    private GetEndpointsResponse GetEndpoints(GetEndpointsRequest request) =>
        new() { ResponseHeader = ResponseHeader.For(request.RequestHeader), Endpoints = [Endpoint()] };

    private CreateSessionResponse CreateSession(ServerSecureChannel channel, CreateSessionRequest request)
    {
        if (_sessionsByToken.Count >= _options.MaxSessions)
        {
            throw new ServiceResultException(StatusCode.BadTooManySessions, $"The server allows {_options.MaxSessions} sessions");
        }

        var timeout = TimeSpan.FromMilliseconds(Math.Clamp(request.RequestedSessionTimeout, _options.MinSessionTimeout.TotalMilliseconds, _options.MaxSessionTimeout.TotalMilliseconds));
        var session = new SessionState(new NodeId(Guid.NewGuid(), 1), new NodeId(RandomNumberGenerator.GetBytes(32), 0), request.SessionName, timeout)
        {
            Channel = channel,
        };
        _sessionsByToken[session.AuthenticationToken] = session;
        _logger.LogInformation("Session {SessionId} '{Name}' created (timeout {Timeout})", session.SessionId, request.SessionName, timeout);
        return new CreateSessionResponse
        {
            ResponseHeader = ResponseHeader.For(request.RequestHeader),
            SessionId = session.SessionId,
            AuthenticationToken = session.AuthenticationToken,
            RevisedSessionTimeout = timeout.TotalMilliseconds,
            ServerNonce = RandomNumberGenerator.GetBytes(32),
            ServerEndpoints = [Endpoint()],
            ServerSignature = new SignatureData(),
            MaxRequestMessageSize = (uint)_options.TransportLimits.MaxMessageSize,
        };
    }

    private ActivateSessionResponse ActivateSession(ServerSecureChannel channel, ActivateSessionRequest request)
    {
        if (!_sessionsByToken.TryGetValue(request.RequestHeader.AuthenticationToken, out var session) || session.Closed)
        {
            throw new ServiceResultException(StatusCode.BadSessionIdInvalid, "Unknown session");
        }

        CheckIdentity(request.UserIdentityToken);
        lock (_publishGate)
        {
            if (!ReferenceEquals(session.Channel, channel))
            {
                // Moving to a new channel (reconnect): queued Publish requests belong to the old one.
                session.PublishRequests.Clear();
                session.Channel = channel;
            }

            session.Activated = true;
        }

        session.Touch();
        return new ActivateSessionResponse { ResponseHeader = ResponseHeader.For(request.RequestHeader), ServerNonce = RandomNumberGenerator.GetBytes(32) };
    }

    private void CheckIdentity(ExtensionObject token)
    {
        var typeId = token.TypeId;
        if (token.IsNull || typeId == new NodeId(IdentityTokens.AnonymousEncodingId))
        {
            if (!_options.AllowAnonymous)
            {
                throw new ServiceResultException(StatusCode.BadIdentityTokenRejected, "Anonymous sessions are not allowed");
            }

            return;
        }

        if (typeId == new NodeId(IdentityTokens.UserNameEncodingId))
        {
            var (_, user, password, algorithm) = IdentityTokens.DecodeUserName(token.Body.Span, _options.DecodingLimits);
            if (!string.IsNullOrEmpty(algorithm))
            {
                throw new ServiceResultException(StatusCode.BadIdentityTokenInvalid, "Encrypted passwords are not supported");
            }

            var text = password is null ? null : System.Text.Encoding.UTF8.GetString(password);
            if (user is null || !_options.Users.TryGetValue(user, out var expected) || !CryptographicOperations.FixedTimeEquals(
                    System.Text.Encoding.UTF8.GetBytes(expected), System.Text.Encoding.UTF8.GetBytes(text ?? string.Empty)))
            {
                throw new ServiceResultException(StatusCode.BadUserAccessDenied, "Wrong user name or password");
            }

            return;
        }

        throw new ServiceResultException(StatusCode.BadIdentityTokenInvalid, $"Identity token type {typeId} is not supported");
    }

    private CloseSessionResponse CloseSession(SessionState session, CloseSessionRequest request)
    {
        CloseSession(session, request.DeleteSubscriptions);
        return new CloseSessionResponse { ResponseHeader = ResponseHeader.For(request.RequestHeader) };
    }

    private void CloseSession(SessionState session, bool deleteSubscriptions)
    {
        _sessionsByToken.TryRemove(session.AuthenticationToken, out _);
        lock (_publishGate)
        {
            session.Closed = true;
            foreach (var pending in session.PublishRequests)
            {
                pending.Channel.SendResponse(pending.RequestId, new ServiceFault { ResponseHeader = ResponseHeader.For(pending.Header, StatusCode.BadSessionClosed) });
            }

            session.PublishRequests.Clear();
            if (deleteSubscriptions)
            {
                foreach (var subscription in session.Subscriptions.Values.ToList())
                {
                    RemoveSubscription(subscription);
                }
            }
        }
    }
}
