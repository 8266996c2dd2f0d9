using System.Collections;

namespace Twin.Contracts;

/// <summary>
/// The log scope that puts a piece of work's business correlation id on every log line written while it is handled
/// (a REST request, a command or event arriving at a twin): the same id as in the twin's history, its events, the ERP
/// document and the span tag, so an operator can go from a log line to all of them. Structured log sinks (OTLP,
/// JSON console) get it as the attribute <see cref="Key"/>; the silo's console shows "correlation &lt;id&gt;".
/// </summary>
public sealed class CorrelationLogScope(string correlationId) : IReadOnlyList<KeyValuePair<string, object?>>
{
    /// <summary>The attribute name, the same as the span tag.</summary>
    public const string Key = "twin.correlation_id";

    public string CorrelationId { get; } = correlationId;

    public int Count => 1;

    public KeyValuePair<string, object?> this[int index] =>
        index == 0 ? new(Key, CorrelationId) : throw new ArgumentOutOfRangeException(nameof(index));

    public IEnumerator<KeyValuePair<string, object?>> GetEnumerator()
    {
        yield return this[0];
    }

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();

    public override string ToString() => $"correlation {CorrelationId}";
}
