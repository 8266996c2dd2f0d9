using System.Security.Cryptography;
using Microsoft.Extensions.Logging;
using Twin.OpcUa.Channel;
using Twin.OpcUa.Encoding;
using Twin.OpcUa.Security;
using Twin.OpcUa.Server.Sampling;
using Twin.OpcUa.Services;

namespace Twin.OpcUa.Server;

public sealed partial class OpcUaServer
{
    private const string AnonymousPolicyId = "anonymous";

    private IReadOnlyList<EndpointDescription> Endpoints() => OfferedEndpoints.Select(e => Endpoint(e.Policy, e.Mode)).ToList();

    private EndpointDescription Endpoint(SecurityPolicy policy, MessageSecurityMode mode)
    {
        var policies = new List<UserTokenPolicy>();
        if (_options.AllowAnonymous)
        {
            policies.Add(new UserTokenPolicy { PolicyId = AnonymousPolicyId, TokenType = UserTokenType.Anonymous });
        }

        if (_options.Users.Count > 0)
        {
            var passwordPolicy = PasswordPolicy(policy);
            policies.Add(new UserTokenPolicy { PolicyId = UserNamePolicyId(passwordPolicy), TokenType = UserTokenType.UserName, SecurityPolicyUri = passwordPolicy.Uri });
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
            ServerCertificate = _certificate?.ChainBytes,
            SecurityMode = mode,
            SecurityPolicyUri = policy.Uri,
            UserIdentityTokens = policies,
            TransportProfileUri = SecurityPolicies.UaTcpTransport,
            // Higher is better (Part 4 §7.14): encrypting beats signing, stronger policies beat weaker.
            SecurityLevel = (byte)(mode switch { MessageSecurityMode.SignAndEncrypt => 20, MessageSecurityMode.Sign => 10, _ => 0 }
                + (policy == SecurityPolicy.Aes256Sha256RsaPss ? 3 : policy == SecurityPolicy.Basic256Sha256 ? 2 : policy.IsNone ? 0 : 1)),
        };
    }

    private GetEndpointsResponse GetEndpoints(GetEndpointsRequest request) =>
        new() { ResponseHeader = ResponseHeader.For(request.RequestHeader), Endpoints = Endpoints() };

    private CreateSessionResponse CreateSession(ServerSecureChannel channel, CreateSessionRequest request)
    {
        if (_sessionsByToken.Count >= _options.MaxSessions)
        {
            throw new ServiceResultException(StatusCode.BadTooManySessions, $"The server allows {_options.MaxSessions} sessions");
        }

        CheckSessionChannel(channel);

        var timeout = TimeSpan.FromMilliseconds(Math.Clamp(request.RequestedSessionTimeout, _options.MinSessionTimeout.TotalMilliseconds, _options.MaxSessionTimeout.TotalMilliseconds));
        var session = new SessionState(new NodeId(Guid.NewGuid(), 1), new NodeId(RandomNumberGenerator.GetBytes(32), 0), request.SessionName, timeout)
        {
            Channel = channel,
        };
        var signature = SignCreateSession(channel, request, session);
        session.ServerNonce = RandomNumberGenerator.GetBytes(32);
        _sessionsByToken[session.AuthenticationToken] = session;
        _logger.LogInformation("Session {SessionId} '{Name}' created (timeout {Timeout})", session.SessionId, request.SessionName, timeout);
        return new CreateSessionResponse
        {
            ResponseHeader = ResponseHeader.For(request.RequestHeader),
            SessionId = session.SessionId,
            AuthenticationToken = session.AuthenticationToken,
            RevisedSessionTimeout = timeout.TotalMilliseconds,
            ServerNonce = session.ServerNonce,
            ServerCertificate = _certificate?.ChainBytes,
            ServerEndpoints = Endpoints(),
            ServerSignature = signature,
            MaxRequestMessageSize = (uint)_options.TransportLimits.MaxMessageSize,
        };
    }

    private ActivateSessionResponse ActivateSession(ServerSecureChannel channel, ActivateSessionRequest request)
    {
        if (!_sessionsByToken.TryGetValue(request.RequestHeader.AuthenticationToken, out var session) || session.Closed)
        {
            throw new ServiceResultException(StatusCode.BadSessionIdInvalid, "Unknown session");
        }

        CheckSessionChannel(channel);
        CheckClientSignature(channel, session, request);
        CheckIdentity(channel, session, request.UserIdentityToken);
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
        session.ServerNonce = RandomNumberGenerator.GetBytes(32);
        return new ActivateSessionResponse { ResponseHeader = ResponseHeader.For(request.RequestHeader), ServerNonce = session.ServerNonce };
    }

    private void CheckIdentity(ServerSecureChannel channel, SessionState session, ExtensionObject token)
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
            var (_, user, secret, algorithm) = IdentityTokens.DecodeUserName(token.Body.Span, _options.DecodingLimits);
            var password = Password(channel, session, secret, algorithm);
            if (user is null || !_options.Users.TryGetValue(user, out var expected) || !CryptographicOperations.FixedTimeEquals(
                    System.Text.Encoding.UTF8.GetBytes(expected), password))
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
