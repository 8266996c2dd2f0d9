using StandardWebhooks;

namespace Twin.Grains.Webhooks;

/// <summary>
/// The <c>webhook-signature</c> header of the Standard Webhooks convention: <c>v1,&lt;base64 HMAC-SHA256 of
/// id.timestamp.body&gt;</c> per valid secret, space-separated, so a receiver holding either the old or the new
/// secret during a rotation's grace period accepts the message. Signing is the StandardWebhooks package's, the one
/// receivers verify with.
/// </summary>
internal static class WebhookSigner
{
    public static string Signature(string messageId, DateTimeOffset timestamp, string body, IEnumerable<string> secrets) =>
        string.Join(' ', secrets.Select(secret => new StandardWebhook(secret).Sign(messageId, timestamp, body)));
}
