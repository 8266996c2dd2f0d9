using System.Text.RegularExpressions;
using Twin.Erp.Connector;

namespace Twin.Erp.Sap;

/// <summary>
/// Turns one failed SAP answer into an outcome. Locks and "being processed" (by message id from configuration, or by
/// the words of the text) are transient: the document was rolled back and will post once the other user is done.
/// Server faults and throttling are transient too. Every other refusal (missing master data, closed period, quantity
/// or stock errors) is a business rejection carrying SAP's message id and text, for the dead letter.
/// </summary>
internal sealed class SapErrorClassifier(SapConnectorOptions options)
{
    // Whole words: "blocked stock" is a quantity problem, "locked by" is another user's lock.
    private static readonly Regex LockWords = new(@"\b(locked|being processed|currently processed)\b", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant);

    private readonly HashSet<string> _transientIds = new(options.TransientMessageIds.Select(i => i.Trim()), StringComparer.OrdinalIgnoreCase);

    public ErpPostOutcome Classify(string key, int status, string body, TimeSpan? retryAfter)
    {
        var error = SapError.Parse(body);
        var messageId = error.MessageIds.LastOrDefault();
        if (IsLock(error))
        {
            return ErpPostOutcome.Transient(key, $"SAP lock: {error.Describe()}", retryAfter ?? options.LockRetryAfter, messageId);
        }

        if (status >= 500 || status is 408 or 429)
        {
            return ErpPostOutcome.Transient(key, $"SAP answered {status}: {error.Describe()}", retryAfter, messageId);
        }

        return ErpPostOutcome.Rejected(key, $"SAP refused it ({status}): {error.Describe()}", messageId);
    }

    private bool IsLock(SapError error) =>
        error.MessageIds.Any(_transientIds.Contains)
        || error.Details.Select(d => d.Text).Prepend(error.Text).Any(LockWords.IsMatch);
}
