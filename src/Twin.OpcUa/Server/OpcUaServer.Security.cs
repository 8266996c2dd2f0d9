using System.Buffers.Binary;
using System.Security.Cryptography;
using Microsoft.Extensions.Logging;
using Twin.OpcUa.Channel;
using Twin.OpcUa.Encoding;
using Twin.OpcUa.Security;
using Twin.OpcUa.Server.Sampling;
using Twin.OpcUa.Services;

namespace Twin.OpcUa.Server;

/// <summary>
/// The server's side of OPC UA security: its application certificate and trust list, the endpoints per
/// policy and mode, the CreateSession signature, the check of the client's ActivateSession signature and
/// the decryption of user-name passwords (Part 4 §5.6, §7.36.4).
/// </summary>
public sealed partial class OpcUaServer
{
    private ServerChannelSecurity? _channelSecurity;
    private ApplicationCertificate? _certificate;

    /// <summary>The server's application certificate (null when it runs without a PKI folder).</summary>
    public System.Security.Cryptography.X509Certificates.X509Certificate2? ApplicationCertificate => _certificate?.Certificate;

    /// <summary>The PKI folder's trust list (null without a PKI folder).</summary>
    public PkiStore? Pki => _channelSecurity?.Pki;

    private IReadOnlyList<(SecurityPolicy Policy, MessageSecurityMode Mode)> OfferedEndpoints { get; set; } = [(SecurityPolicy.None, MessageSecurityMode.None)];

    private void LoadSecurity()
    {
        OfferedEndpoints = _options.ParsedSecurityEndpoints();
        if (string.IsNullOrWhiteSpace(_options.PkiFolder) || _certificate is not null)
        {
            return;
        }

        var pki = new PkiStore(_options.PkiFolder, _options.AutoAcceptUntrustedCertificates, _logger);
        _certificate = pki.LoadOrCreateOwn(_options.ApplicationUri, _options.ApplicationName,
            [_options.HostName, System.Net.Dns.GetHostName(), "localhost"], _options.CertificateKeySize, _options.CertificateLifetime);
        _channelSecurity = new ServerChannelSecurity(_certificate, pki, OfferedEndpoints.Select(e => (e.Policy.Uri, e.Mode)).ToList());
    }

    /// <summary>The policy passwords are encrypted with on an endpoint: its own, or Basic256Sha256 on None when we have a certificate.</summary>
    private SecurityPolicy PasswordPolicy(SecurityPolicy endpointPolicy) =>
        !endpointPolicy.IsNone ? endpointPolicy : _certificate is null ? SecurityPolicy.None : SecurityPolicy.Basic256Sha256;

    private static string UserNamePolicyId(SecurityPolicy policy) => $"username_{policy.Name}";

    private void CheckSessionChannel(ServerSecureChannel channel)
    {
        var policy = channel.Security?.Policy ?? SecurityPolicy.None;
        var mode = channel.Security?.Mode ?? MessageSecurityMode.None;
        if (!OfferedEndpoints.Any(e => e.Policy == policy && e.Mode == mode))
        {
            throw new ServiceResultException(StatusCode.BadSecurityPolicyRejected, $"No endpoint offers sessions with {policy.Name} {mode}");
        }
    }

    /// <summary>Under security: the client certificate must be the channel's; the response carries our proof of the key.</summary>
    private SignatureData SignCreateSession(ServerSecureChannel channel, CreateSessionRequest request, SessionState session)
    {
        var security = channel.Security;
        if (security is null)
        {
            return new SignatureData();
        }

        if (request.ClientCertificate is null || !ChannelSecurity.FirstCertificate(request.ClientCertificate).RawData.AsSpan().SequenceEqual(security.Remote.RawData))
        {
            throw new ServiceResultException(StatusCode.BadCertificateInvalid, "CreateSession carries a client certificate other than the secure channel's");
        }

        var uri = Security.ApplicationCertificate.ApplicationUriOf(security.Remote);
        if (uri != request.ClientDescription.ApplicationUri)
        {
            throw new ServiceResultException(StatusCode.BadCertificateUriInvalid,
                $"The client certificate names application URI {uri}, the client says {request.ClientDescription.ApplicationUri}");
        }

        if (request.ClientNonce is null || request.ClientNonce.Length < 32)
        {
            throw new ServiceResultException(StatusCode.BadNonceInvalid, "CreateSession needs a client nonce of at least 32 bytes");
        }

        session.ClientCertificate = security.Remote.RawData;
        var signed = Concat(security.Remote.RawData, request.ClientNonce);
        return new SignatureData { Algorithm = security.Policy.AsymmetricSignatureUri, Signature = security.Policy.Sign(_certificate!.PrivateKey, signed) };
    }

    /// <summary>Under security: the client proves its key by signing our certificate and the nonce we gave it last.</summary>
    private void CheckClientSignature(ServerSecureChannel channel, SessionState session, ActivateSessionRequest request)
    {
        var security = channel.Security;
        if (security is null)
        {
            return;
        }

        if (session.ClientCertificate is not null && !security.Remote.RawData.AsSpan().SequenceEqual(session.ClientCertificate))
        {
            throw new ServiceResultException(StatusCode.BadApplicationSignatureInvalid, "ActivateSession comes over a channel with another client certificate than the session's");
        }

        var signed = Concat(_certificate!.Certificate.RawData, session.ServerNonce);
        if (request.ClientSignature.Signature is null || !security.Policy.Verify(security.RemoteKey, signed, request.ClientSignature.Signature))
        {
            throw new ServiceResultException(StatusCode.BadApplicationSignatureInvalid, "The client signature in ActivateSession is missing or wrong");
        }
    }

    /// <summary>
    /// The password of a user-name token: decrypted with our key when an algorithm is named (then it must end with
    /// the nonce we gave this session last), taken as is only on an endpoint that asks for no encryption.
    /// </summary>
    private byte[] Password(ServerSecureChannel channel, SessionState session, byte[]? secret, string? algorithm)
    {
        var tokenPolicy = PasswordPolicy(channel.Security?.Policy ?? SecurityPolicy.None);
        if (string.IsNullOrEmpty(algorithm))
        {
            if (!tokenPolicy.IsNone)
            {
                throw new ServiceResultException(StatusCode.BadIdentityTokenInvalid, $"Passwords must be encrypted ({tokenPolicy.Name}) on this endpoint");
            }

            return secret ?? [];
        }

        var policy = SecurityPolicy.All.FirstOrDefault(p => p.AsymmetricEncryptionUri == algorithm)
            ?? throw new ServiceResultException(StatusCode.BadIdentityTokenInvalid, $"Password encryption algorithm {algorithm} is not supported");
        if (_certificate is null || secret is null)
        {
            throw new ServiceResultException(StatusCode.BadIdentityTokenInvalid, "An encrypted password needs a server certificate");
        }

        byte[] plain;
        try
        {
            plain = policy.Decrypt(_certificate.PrivateKey, secret);
        }
        catch (CryptographicException)
        {
            throw new ServiceResultException(StatusCode.BadIdentityTokenInvalid, "The encrypted password cannot be decrypted with this server's certificate");
        }

        var length = plain.Length >= 4 ? BinaryPrimitives.ReadInt32LittleEndian(plain) : -1;
        var nonce = session.ServerNonce;
        if (length < nonce.Length || length > plain.Length - 4 || !plain.AsSpan(4 + length - nonce.Length, nonce.Length).SequenceEqual(nonce))
        {
            throw new ServiceResultException(StatusCode.BadIdentityTokenInvalid, "The encrypted password does not end with this session's last server nonce");
        }

        var password = plain.AsSpan(4, length - nonce.Length).ToArray();
        CryptographicOperations.ZeroMemory(plain);
        return password;
    }

    private static byte[] Concat(byte[] a, byte[] b)
    {
        var result = new byte[a.Length + b.Length];
        a.CopyTo(result, 0);
        b.CopyTo(result, a.Length);
        return result;
    }
}
