using System.Text.Json.Serialization;

namespace Twin.Domain;

/// <summary>
/// The most recent request ids a twin has handled and their outcomes, oldest first, bounded so state
/// stays small. A retry later than <see cref="Capacity"/> newer requests is treated as new: callers
/// retry within seconds, and the bound is configurable.
/// </summary>
public sealed class RequestLedger
{
    private Dictionary<string, CommandOutcome>? _index;

    public int Capacity { get; set; } = 1000;

    public List<CommandOutcome> Entries { get; set; } = [];

    [JsonIgnore]
    private Dictionary<string, CommandOutcome> Index =>
        _index ??= Entries.GroupBy(e => e.RequestId).ToDictionary(g => g.Key, g => g.Last(), StringComparer.Ordinal);

    public bool TryGet(string requestId, out CommandOutcome outcome) => Index.TryGetValue(requestId, out outcome!);

    public void Remember(CommandOutcome outcome)
    {
        Entries.Add(outcome);
        Index[outcome.RequestId] = outcome;
        while (Entries.Count > Math.Max(1, Capacity))
        {
            var oldest = Entries[0];
            Entries.RemoveAt(0);
            if (Index.TryGetValue(oldest.RequestId, out var current) && ReferenceEquals(current, oldest))
            {
                Index.Remove(oldest.RequestId);
            }
        }
    }
}
