using System.Security.Cryptography;
using System.Text;

namespace Twin.Erp.Transactions;

/// <summary>
/// Deterministic idempotency keys. Streams deliver at least once; because the key depends only
/// on what caused the transaction, a redelivered event produces the same key and the ERP (and
/// the outbox) recognise it instead of booking it twice.
/// </summary>
public static class ErpIdempotencyKey
{
    // Bump only together with a migration note: changing the recipe changes every key.
    private const string Version = "twin-erp-v1";

    /// <summary>
    /// Key for a transaction of <paramref name="kind"/> caused by <paramref name="sourceEventIds"/>.
    /// Order and duplicates of the ids do not matter. <paramref name="discriminator"/> separates
    /// several transactions of one kind from the same events (e.g. one consumption per component).
    /// </summary>
    /// <returns>64 lower-case hex characters (SHA-256).</returns>
    public static string Derive(ErpTransactionKind kind, IEnumerable<string> sourceEventIds, string? discriminator = null)
    {
        ArgumentNullException.ThrowIfNull(sourceEventIds);
        var ids = sourceEventIds.Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToList();
        if (ids.Count == 0)
        {
            throw new ArgumentException(
                "An ERP transaction needs at least one source event id to derive its idempotency key.", nameof(sourceEventIds));
        }

        if (ids.Any(string.IsNullOrWhiteSpace))
        {
            throw new ArgumentException("Source event ids must not be empty.", nameof(sourceEventIds));
        }

        // Length-prefixed parts, so ("ab","c") and ("a","bc") cannot collide.
        var text = new StringBuilder(Version).Append('|').Append(kind.ToString()).Append('|');
        AppendPart(text, discriminator ?? string.Empty);
        foreach (var id in ids)
        {
            AppendPart(text, id);
        }

        return Hash(text.ToString());
    }

    /// <summary>Key of a whole batch (sent as a header), derived from its transactions' keys.</summary>
    public static string ForBatch(IEnumerable<string> transactionKeys)
    {
        var text = new StringBuilder(Version).Append("|batch|");
        foreach (var key in transactionKeys.Order(StringComparer.Ordinal))
        {
            AppendPart(text, key);
        }

        return Hash(text.ToString());
    }

    private static void AppendPart(StringBuilder text, string part) =>
        text.Append(part.Length).Append(':').Append(part).Append(';');

    private static string Hash(string text) =>
        Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text)));
}
