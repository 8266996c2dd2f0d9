using System.Buffers.Binary;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Microsoft.Extensions.Logging;
using Twin.OpcUa.Channel;
using Twin.OpcUa.Encoding;
using Twin.OpcUa.Security;
using Twin.OpcUa.Services;

namespace Twin.OpcUa.Client;

/// <summary>
/// The client's side of OPC UA security: the endpoint and server certificate (found with GetEndpoints
/// over an unsecured discovery channel and checked against the PKI trust list), the application
/// certificate, the CreateSession/ActivateSession signatures (Part 4 §5.6) and the encrypted
/// user-name password (Part 4 §7.36.4).
/// </summary>
public sealed partial class OpcUaClient
{
    private SecurityPolicy? _policy;
    private PkiStore? _pki;
    private ApplicationCertificate? _certificate;
    private EndpointDescription? _securedEndpoint;
    private X509Certificate2? _serverCertificate;
    private byte[] _sessionNonce = [];
    private byte[] _lastServerNonce = [];

    /// <summary>The policy of the channel in use (under "Best": None until the first connection has chosen one).</summary>
    public SecurityPolicy SecurityPolicy => _policy ??= EndpointSelection.IsBest(_options.SecurityPolicy) ? SecurityPolicy.None : SecurityPolicy.FindByName(_options.SecurityPolicy)!;

    /// <summary>The security mode of the channel in use.</summary>
    public MessageSecurityMode SecurityMode => SecurityPolicy.IsNone ? MessageSecurityMode.None : _mode ?? _options.SecurityMode;

    /// <summary>This client's application certificate (null under SecurityPolicy None until a password needs none).</summary>
    public X509Certificate2? ApplicationCertificate => _certificate?.Certificate;

    private MessageSecurityMode? _mode;

    private MessageSecurityMode ChannelMode => SecurityMode;

    /// <summary>Builds the channel security for the next OPN, discovering the endpoint the first time.</summary>
    private async Task<ChannelSecurity?> PrepareSecurityAsync(CancellationToken cancellationToken)
    {
        var best = EndpointSelection.IsBest(_options.SecurityPolicy);
        if (!best && SecurityPolicy.IsNone)
        {
            return null;
        }

        _pki ??= new PkiStore(_options.PkiFolder!, _options.AutoAcceptUntrustedCertificates, _logger);
        _certificate ??= _pki.LoadOrCreateOwn(_options.ApplicationUri, _options.ApplicationName, [System.Net.Dns.GetHostName(), "localhost"], _options.CertificateKeySize, _options.CertificateLifetime);
        if (_securedEndpoint is null)
        {
            var endpoints = await GetEndpointsAsync(_options.EndpointUrl, _options.ConnectTimeout, cancellationToken).ConfigureAwait(false);
            var endpoint = EndpointSelection.Choose(endpoints, _options.SecurityPolicy, _options.SecurityMode, _options.AllowSecurityNone, _options.EndpointUrl);
            var policy = SecurityPolicy.Find(endpoint.SecurityPolicyUri)!;
            if (policy.IsNone)
            {
                _logger.LogWarning("{Endpoint} offers no secured endpoint; connecting with SecurityPolicy None (no signing, no encryption) as the configuration allows", _options.EndpointUrl);
                _policy = policy;
                _securedEndpoint = endpoint;
                return null;
            }

            if (endpoint.ServerCertificate is not { Length: > 0 })
            {
                throw new ServiceResultException(StatusCode.BadCertificateInvalid, $"{_options.EndpointUrl} offers {policy.Name} without a server certificate");
            }

            var sent = ChannelSecurity.Certificates(endpoint.ServerCertificate);
            _pki.Validate(sent, $"the server {_options.EndpointUrl}");
            if (best && (_policy != policy || _mode != endpoint.SecurityMode))
            {
                _logger.LogInformation("{Endpoint}: using {Policy} {Mode}, the best of the offered {Offered}", _options.EndpointUrl, policy.Name, endpoint.SecurityMode, EndpointSelection.Describe(endpoints));
            }

            _policy = policy;
            _mode = endpoint.SecurityMode;
            _serverCertificate = sent[0];
            _securedEndpoint = endpoint;
        }

        return SecurityPolicy.IsNone ? null : new ChannelSecurity(SecurityPolicy, SecurityMode, _certificate, _serverCertificate!, isClient: true);
    }

    /// <summary>Forgets the discovered endpoint, so the next attempt asks the server again (its certificate may have changed).</summary>
    private void ForgetEndpoint()
    {
        _securedEndpoint = null;
        _serverCertificate = null;
    }

    /// <summary>The nonce and certificate CreateSession sends.</summary>
    private (byte[] Nonce, byte[]? Certificate) SessionCredentials()
    {
        _sessionNonce = RandomNumberGenerator.GetBytes(32);
        return (_sessionNonce, SecurityPolicy.IsNone ? null : _certificate!.ChainBytes);
    }

    /// <summary>Checks the server's proof that it holds its key: a signature over our certificate and nonce.</summary>
    private void CheckCreateSession(CreateSessionResponse response)
    {
        _lastServerNonce = response.ServerNonce ?? [];
        if (SecurityPolicy.IsNone)
        {
            return;
        }

        if (response.ServerCertificate is null || !ChannelSecurity.FirstCertificate(response.ServerCertificate).RawData.AsSpan().SequenceEqual(_serverCertificate!.RawData))
        {
            throw new ServiceResultException(StatusCode.BadCertificateInvalid, "CreateSession returned a server certificate other than the endpoint's");
        }

        if (_lastServerNonce.Length < 32)
        {
            throw new ServiceResultException(StatusCode.BadNonceInvalid, $"The server's session nonce has {_lastServerNonce.Length} bytes, at least 32 are needed");
        }

        var signed = Concat(_certificate!.Certificate.RawData, _sessionNonce);
        using var key = _serverCertificate.GetRSAPublicKey()!;
        if (response.ServerSignature.Signature is null || !SecurityPolicy.Verify(key, signed, response.ServerSignature.Signature))
        {
            throw new ServiceResultException(StatusCode.BadApplicationSignatureInvalid, "The server's CreateSession signature does not match its certificate");
        }
    }

    /// <summary>Our proof for ActivateSession: a signature over the server certificate and its last nonce.</summary>
    private SignatureData ClientSignature()
    {
        if (SecurityPolicy.IsNone)
        {
            return new SignatureData();
        }

        var signed = Concat(_serverCertificate!.RawData, _lastServerNonce);
        return new SignatureData { Algorithm = SecurityPolicy.AsymmetricSignatureUri, Signature = SecurityPolicy.Sign(_certificate!.PrivateKey, signed) };
    }

    /// <summary>Chooses the endpoint whose user token policies apply: the one we are connected through.</summary>
    private EndpointDescription? SessionEndpoint() =>
        SecurityPolicy.IsNone
            ? ServerEndpoints.FirstOrDefault(e => e.SecurityPolicyUri == SecurityPolicies.None && e.UserIdentityTokens.Any(p => p.TokenType == (_options.Identity.IsAnonymous ? UserTokenType.Anonymous : UserTokenType.UserName)))
              ?? ServerEndpoints.FirstOrDefault(e => e.SecurityPolicyUri == SecurityPolicies.None)
            : ServerEndpoints.FirstOrDefault(e => e.SecurityPolicyUri == SecurityPolicy.Uri && e.SecurityMode == SecurityMode) ?? _securedEndpoint;

    /// <summary>
    /// A user-name token with the password encrypted for the server certificate under the token policy's security
    /// policy (or the channel's when the token policy names none): Int32 length, password, last server nonce.
    /// </summary>
    private ExtensionObject UserNameToken(EndpointDescription? endpoint, UserTokenPolicy? policy, UserIdentity identity)
    {
        var tokenPolicy = string.IsNullOrEmpty(policy?.SecurityPolicyUri) ? SecurityPolicy : SecurityPolicy.Find(policy.SecurityPolicyUri)
            ?? throw new ServiceResultException(StatusCode.BadSecurityPolicyRejected, $"The server wants passwords protected with {policy.SecurityPolicyUri}, which Twin does not implement");
        var policyId = policy?.PolicyId ?? "username";
        if (tokenPolicy.IsNone)
        {
            if (!_options.AllowPasswordInClear)
            {
                throw new ServiceResultException(StatusCode.BadSecurityPolicyRejected,
                    $"{_options.EndpointUrl} asks for the password of {identity} in clear text (SecurityPolicy None); use a secured connection (securityPolicy Basic256Sha256) or allow clear passwords explicitly");
            }

            _logger.LogWarning("Sending the password of {Identity} to {Endpoint} in clear text, as the endpoint asks and the configuration allows", identity, _options.EndpointUrl);
            return IdentityTokens.UserName(policyId, identity.UserName!, identity.Password!);
        }

        var der = endpoint?.ServerCertificate ?? _serverCertificate?.RawData
            ?? throw new ServiceResultException(StatusCode.BadCertificateInvalid, "The server sent no certificate to encrypt the password with");
        using var certificate = ChannelSecurity.FirstCertificate(der);
        using var key = certificate.GetRSAPublicKey() ?? throw new ServiceResultException(StatusCode.BadCertificateInvalid, "The server certificate has no RSA key");
        var password = System.Text.Encoding.UTF8.GetBytes(identity.Password!);
        var plain = new byte[4 + password.Length + _lastServerNonce.Length];
        BinaryPrimitives.WriteInt32LittleEndian(plain, password.Length + _lastServerNonce.Length);
        password.CopyTo(plain, 4);
        _lastServerNonce.CopyTo(plain, 4 + password.Length);
        var secret = tokenPolicy.Encrypt(key, plain);
        CryptographicOperations.ZeroMemory(plain);
        CryptographicOperations.ZeroMemory(password);
        return IdentityTokens.UserNameEncrypted(policyId, identity.UserName!, secret, tokenPolicy.AsymmetricEncryptionUri!);
    }

    private static byte[] Concat(byte[] a, byte[] b)
    {
        var result = new byte[a.Length + b.Length];
        a.CopyTo(result, 0);
        b.CopyTo(result, a.Length);
        return result;
    }
}
