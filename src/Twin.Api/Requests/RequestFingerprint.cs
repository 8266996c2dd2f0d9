using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using Microsoft.AspNetCore.Http;

namespace Twin.Api.Requests;

/// <summary>
/// A short digest of what a command asks for: method, path and body as bound (not the raw bytes, so whitespace,
/// member order and the request id field do not matter). The twin stores it with the outcome of the request id;
/// the same id with another fingerprint is answered 422 <c>idempotency-key-reused</c> instead of replaying an
/// answer to a command the caller never sent.
/// </summary>
internal static class RequestFingerprint
{
    // The body's own requestId is left out: a retry may send it in the header instead.
    private static readonly JsonSerializerOptions Canonical = new(JsonSerializerDefaults.General)
    {
        TypeInfoResolver = new DefaultJsonTypeInfoResolver
        {
            Modifiers = { info => RemoveRequestId(info) },
        },
    };

    public static string Of(HttpContext http, ICommandBody? body)
    {
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        hash.AppendData(Encoding.UTF8.GetBytes($"{http.Request.Method} {http.Request.Path.Value}\n"));
        if (body is not null)
        {
            hash.AppendData(JsonSerializer.SerializeToUtf8Bytes(body, body.GetType(), Canonical));
        }

        Span<byte> digest = stackalloc byte[32];
        hash.GetHashAndReset(digest);
        return Convert.ToBase64String(digest[..12]);
    }

    private static void RemoveRequestId(JsonTypeInfo info)
    {
        for (var i = info.Properties.Count - 1; i >= 0; i--)
        {
            if (info.Properties[i].Name == nameof(ICommandBody.RequestId))
            {
                info.Properties.RemoveAt(i);
            }
        }
    }
}
