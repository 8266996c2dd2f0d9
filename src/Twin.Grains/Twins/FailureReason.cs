namespace Twin.Grains.Twins;

/// <summary>
/// The first sentence of a failure, for warnings about work that is retried by itself (a report that stays owed,
/// events that stay in the outbox). Those happen at every silo stop and rebalance; a stack trace each time buried
/// the lines that matter, and the sentence says what went wrong.
/// </summary>
internal static class FailureReason
{
    private const int MaxLength = 200;

    public static string Of(Exception error)
    {
        var message = error.GetBaseException().Message;
        var end = message.IndexOf(". ", StringComparison.Ordinal);
        var sentence = (end > 0 ? message[..end] : message.TrimEnd('.')).ReplaceLineEndings(" ");
        return sentence.Length <= MaxLength ? sentence : sentence[..MaxLength] + "…";
    }
}
