using System.Buffers;
using System.Collections.Concurrent;
using System.Formats.Asn1;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Twin.OpcUa.Encoding;
using Twin.OpcUa.Security;
using Twin.OpcUa.Services;

namespace Twin.OpcUa.Channel;

/// <summary>
/// The security of one secure channel under an RSA policy (Part 6 §6.7): the asymmetric header and
/// RSA sign/encrypt of OPN chunks, the keys derived per token (P_SHA256 from both nonces), and
/// HMAC/AES-CBC of MSG and CLO chunks. OPN chunks are always signed and encrypted; MSG/CLO are
/// signed, and encrypted too under SignAndEncrypt. Chunk layout after the header:
/// sequence header, body, padding (only when encrypted: size byte, that many bytes of the size,
/// an extra size byte for keys above 2048 bits), signature.
/// </summary>
internal sealed class ChannelSecurity : IDisposable
{
    private readonly ConcurrentDictionary<uint, (SymmetricKeys Send, SymmetricKeys Receive)> _tokens = new();
    private readonly bool _isClient;

    public ChannelSecurity(SecurityPolicy policy, MessageSecurityMode mode, ApplicationCertificate local, X509Certificate2 remote, bool isClient)
    {
        Policy = policy;
        Mode = mode;
        Local = local;
        Remote = remote;
        RemoteKey = remote.GetRSAPublicKey() ?? throw new ServiceResultException(StatusCode.BadCertificateInvalid, $"The peer certificate {remote.Subject} has no RSA key");
        _isClient = isClient;
        AsymmetricHeader = BuildAsymmetricHeader(policy.Uri, local.ChainBytes, SecurityPolicy.Thumbprint(remote));
    }

    public SecurityPolicy Policy { get; }
    public MessageSecurityMode Mode { get; set; }
    public ApplicationCertificate Local { get; }
    public X509Certificate2 Remote { get; }
    public RSA RemoteKey { get; }

    /// <summary>SecurityPolicyUri, SenderCertificate, ReceiverCertificateThumbprint, encoded.</summary>
    public byte[] AsymmetricHeader { get; }

    private static byte[] BuildAsymmetricHeader(string policyUri, byte[] senderCertificate, byte[] receiverThumbprint)
    {
        using var e = new BinaryEncoder(senderCertificate.Length + 128);
        e.WriteString(policyUri);
        e.WriteByteString(senderCertificate);
        e.WriteByteString(receiverThumbprint);
        return e.ToArray();
    }

    /// <summary>Reads the first certificate of a SenderCertificate field (which may hold a chain).</summary>
    public static X509Certificate2 FirstCertificate(ReadOnlySpan<byte> chain)
    {
        try
        {
            AsnDecoder.ReadEncodedValue(chain, AsnEncodingRules.DER, out _, out _, out var length);
            return X509CertificateLoader.LoadCertificate(chain[..length]);
        }
        catch (Exception ex) when (ex is CryptographicException or AsnContentException)
        {
            throw new OpcUaProtocolException(StatusCode.BadCertificateInvalid, $"The sender certificate cannot be parsed: {ex.Message}");
        }
    }

    /// <summary>Reads every certificate of a SenderCertificate / ServerCertificate field: the peer's, then the CAs it sent.</summary>
    public static List<X509Certificate2> Certificates(ReadOnlySpan<byte> chain)
    {
        var list = new List<X509Certificate2>();
        try
        {
            while (!chain.IsEmpty && list.Count < 8)
            {
                AsnDecoder.ReadEncodedValue(chain, AsnEncodingRules.DER, out _, out _, out var length);
                list.Add(X509CertificateLoader.LoadCertificate(chain[..length]));
                chain = chain[length..];
            }
        }
        catch (Exception ex) when (ex is CryptographicException or AsnContentException)
        {
            if (list.Count == 0)
            {
                throw new OpcUaProtocolException(StatusCode.BadCertificateInvalid, $"The sender certificate cannot be parsed: {ex.Message}");
            }
        }

        if (list.Count == 0)
        {
            throw new OpcUaProtocolException(StatusCode.BadCertificateInvalid, "The sender certificate is empty");
        }

        return list;
    }

    /// <summary>Derives and remembers the keys of a token; keeps the newest three (current, previous, one spare).</summary>
    public void AddToken(uint tokenId, ReadOnlySpan<byte> clientNonce, ReadOnlySpan<byte> serverNonce)
    {
        var clientKeys = KeyDerivation.Derive(Policy, serverNonce, clientNonce);
        var serverKeys = KeyDerivation.Derive(Policy, clientNonce, serverNonce);
        _tokens[tokenId] = _isClient ? (clientKeys, serverKeys) : (serverKeys, clientKeys);
        foreach (var old in _tokens.Keys.Where(t => t + 3 <= tokenId).ToList())
        {
            if (_tokens.TryRemove(old, out var keys))
            {
                keys.Send.Dispose();
                keys.Receive.Dispose();
            }
        }
    }

    private bool Encrypts(bool asymmetric) => asymmetric || Mode == MessageSecurityMode.SignAndEncrypt;

    private int SignatureSize(bool asymmetric) => asymmetric ? Local.PrivateKey.KeySize / 8 : Policy.SymmetricSignatureSize;

    private (int Plain, int Cipher, int Extra) SendBlocks(bool asymmetric) =>
        asymmetric ? (Policy.PlainTextBlockSize(RemoteKey), RemoteKey.KeySize / 8, RemoteKey.KeySize > 2048 ? 1 : 0) : (Policy.EncryptingBlockSize, Policy.EncryptingBlockSize, 0);

    /// <summary>Most body bytes one chunk of <paramref name="chunkSize"/> bytes can carry.</summary>
    public int MaxBodySize(bool asymmetric, int chunkSize, int headerSize)
    {
        var signature = SignatureSize(asymmetric);
        if (!Encrypts(asymmetric))
        {
            return chunkSize - headerSize - 8 - signature;
        }

        var (plain, cipher, extra) = SendBlocks(asymmetric);
        return (chunkSize - headerSize) / cipher * plain - 8 - signature - 1 - extra;
    }

    /// <summary>Size on the wire of a chunk with <paramref name="bodyLength"/> body bytes, and the padding it needs.</summary>
    public int ChunkSize(bool asymmetric, int headerSize, int bodyLength, out int paddingCount)
    {
        var signature = SignatureSize(asymmetric);
        paddingCount = 0;
        if (!Encrypts(asymmetric))
        {
            return headerSize + 8 + bodyLength + signature;
        }

        var (plain, cipher, extra) = SendBlocks(asymmetric);
        var length = 8 + bodyLength + 1 + extra + signature;
        paddingCount = (plain - length % plain) % plain;
        return headerSize + (length + paddingCount) / plain * cipher;
    }

    /// <summary>
    /// Pads, signs and encrypts a chunk built in <paramref name="buffer"/> (header with its final size,
    /// security header, sequence header and body up to <paramref name="bodyEnd"/>); returns the bytes to send.
    /// </summary>
    public ReadOnlyMemory<byte> Protect(byte[] buffer, byte[] output, int headerSize, int bodyEnd, int paddingCount, bool asymmetric, uint tokenId)
    {
        var position = bodyEnd;
        var encrypts = Encrypts(asymmetric);
        if (encrypts)
        {
            var low = (byte)(paddingCount & 0xFF);
            buffer.AsSpan(position, paddingCount + 1).Fill(low);
            position += paddingCount + 1;
            if (SendBlocks(asymmetric).Extra == 1)
            {
                buffer[position++] = (byte)(paddingCount >> 8);
            }
        }

        var signatureSize = SignatureSize(asymmetric);
        if (asymmetric)
        {
            var signature = Policy.Sign(Local.PrivateKey, buffer.AsSpan(0, position));
            signature.CopyTo(buffer, position);
        }
        else
        {
            SendKeys(tokenId).Sign(buffer.AsSpan(0, position), buffer.AsSpan(position, signatureSize));
        }

        position += signatureSize;
        if (!encrypts)
        {
            return buffer.AsMemory(0, position);
        }

        buffer.AsSpan(0, headerSize).CopyTo(output);
        if (asymmetric)
        {
            var cipher = Policy.Encrypt(RemoteKey, buffer.AsSpan(headerSize, position - headerSize));
            cipher.CopyTo(output, headerSize);
            return output.AsMemory(0, headerSize + cipher.Length);
        }

        SendKeys(tokenId).Encrypt(buffer.AsSpan(headerSize, position - headerSize), output.AsSpan(headerSize));
        return output.AsMemory(0, position);
    }

    /// <summary>
    /// Decrypts (in place) and verifies a received chunk; returns the length of header + sequence header + body,
    /// padding and signature removed. Any failure is BadSecurityChecksFailed and closes the channel.
    /// </summary>
    public int Unprotect(Span<byte> chunk, int headerSize, bool asymmetric, uint tokenId)
    {
        var encrypted = Encrypts(asymmetric);
        int end;
        if (asymmetric)
        {
            byte[] plain;
            try
            {
                plain = Policy.Decrypt(Local.PrivateKey, chunk[headerSize..]);
            }
            catch (CryptographicException ex)
            {
                throw Failed($"OPN could not be decrypted with our certificate ({ex.Message})");
            }

            plain.CopyTo(chunk[headerSize..]);
            end = headerSize + plain.Length;
            var signatureSize = RemoteKey.KeySize / 8;
            if (end - signatureSize < headerSize + 8)
            {
                throw Failed("OPN is too short for its signature");
            }

            if (!Policy.Verify(RemoteKey, chunk[..(end - signatureSize)], chunk[(end - signatureSize)..end]))
            {
                throw Failed("OPN signature does not match the sender certificate");
            }

            end -= signatureSize;
            return StripPadding(chunk, headerSize, end, Local.PrivateKey.KeySize > 2048);
        }

        var keys = ReceiveKeys(tokenId);
        end = chunk.Length;
        if (encrypted)
        {
            var length = end - headerSize;
            if (length <= 0 || length % Policy.EncryptingBlockSize != 0)
            {
                throw Failed($"Encrypted chunk of {length} bytes is not a multiple of the AES block");
            }

            var temp = ArrayPool<byte>.Shared.Rent(length);
            try
            {
                keys.Decrypt(chunk[headerSize..end], temp.AsSpan(0, length));
                temp.AsSpan(0, length).CopyTo(chunk[headerSize..]);
            }
            finally
            {
                ArrayPool<byte>.Shared.Return(temp);
            }
        }

        var size = Policy.SymmetricSignatureSize;
        if (end - size < headerSize + 8 || !keys.Verify(chunk[..(end - size)], chunk[(end - size)..end]))
        {
            throw Failed($"Chunk signature is invalid (token {tokenId})");
        }

        end -= size;
        return encrypted ? StripPadding(chunk, headerSize, end, extra: false) : end;
    }

    private static int StripPadding(Span<byte> chunk, int headerSize, int end, bool extra)
    {
        int count;
        if (extra)
        {
            count = (chunk[end - 1] << 8) | chunk[end - 2];
            end -= 1;
        }
        else
        {
            count = chunk[end - 1];
        }

        var start = end - 1 - count;
        if (start < headerSize + 8)
        {
            throw Failed("Padding is longer than the chunk");
        }

        var low = (byte)(count & 0xFF);
        foreach (var b in chunk[start..end])
        {
            if (b != low)
            {
                throw Failed("Padding bytes are malformed");
            }
        }

        return start;
    }

    private SymmetricKeys SendKeys(uint tokenId) =>
        _tokens.TryGetValue(tokenId, out var keys) ? keys.Send : throw new InvalidOperationException($"No keys for token {tokenId}");

    private SymmetricKeys ReceiveKeys(uint tokenId) =>
        _tokens.TryGetValue(tokenId, out var keys) ? keys.Receive : throw Failed($"No keys for token {tokenId}");

    private static OpcUaProtocolException Failed(string reason) => new(StatusCode.BadSecurityChecksFailed, reason);

    public void Dispose()
    {
        foreach (var (send, receive) in _tokens.Values)
        {
            send.Dispose();
            receive.Dispose();
        }

        _tokens.Clear();
    }
}
