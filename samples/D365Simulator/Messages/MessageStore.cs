using System.Text.Json;
using Microsoft.Extensions.Options;

namespace D365Simulator.Messages;

/// <summary>
/// The message processor's table. Like D365 it takes every message it is sent — a second send of the same content is a
/// second message, booked twice — and its batch job processes each order's messages in arrival order.
/// </summary>
public sealed class MessageStore(IOptions<D365SimulatorOptions> options, TimeProvider timeProvider)
{
    private readonly Lock _gate = new();
    private readonly List<QueuedMessage> _messages = [];
    private long _sequence;
    private long _lookups;

    public long Lookups => Interlocked.Read(ref _lookups);

    /// <summary>Queues a SendMessage envelope; returns an error text when the envelope itself is malformed (answered 400).</summary>
    public string? Enqueue(JsonElement envelope, string keyField)
    {
        var company = Text(envelope, "_companyId");
        var type = Text(envelope, "_messageType");
        var content = Text(envelope, "_messageContent");
        if (company is null || type is null || content is null || Text(envelope, "_messageQueue") is null)
        {
            return "The message must carry _companyId, _messageQueue, _messageType and _messageContent.";
        }

        string order;
        string key;
        try
        {
            using var json = JsonDocument.Parse(content);
            order = Text(json.RootElement, "ProductionOrderNumber") ?? string.Empty;
            key = Text(json.RootElement, keyField) ?? string.Empty;
        }
        catch (JsonException)
        {
            return "_messageContent is not a JSON document.";
        }

        lock (_gate)
        {
            _messages.Add(new QueuedMessage
            {
                Sequence = ++_sequence,
                MessageId = Guid.NewGuid().ToString("D"),
                Key = key,
                Company = company,
                Type = type,
                Order = order,
                Content = content,
                DueAt = timeProvider.GetUtcNow() + options.Value.ProcessingDelay,
            });
        }

        return null;
    }

    /// <summary>The newest message with <paramref name="key"/>, or null.</summary>
    public QueuedMessage? Find(string key)
    {
        Interlocked.Increment(ref _lookups);
        lock (_gate)
        {
            return _messages.LastOrDefault(m => m.Key == key);
        }
    }

    /// <summary>Per order, the oldest message not processed yet, when it is due (the batch job's next work).</summary>
    public List<QueuedMessage> TakeDue()
    {
        var now = timeProvider.GetUtcNow();
        lock (_gate)
        {
            return _messages.Where(m => m.Status == "Queued")
                .GroupBy(m => (m.Company, m.Order))
                .Select(g => g.MinBy(m => m.Sequence)!)
                .Where(m => m.DueAt <= now)
                .ToList();
        }
    }

    public List<QueuedMessage> WithKey(string key)
    {
        lock (_gate)
        {
            return _messages.Where(m => m.Key == key).ToList();
        }
    }

    public Dictionary<string, int> ProcessedByType()
    {
        lock (_gate)
        {
            return _messages.Where(m => m.Status == "Processed").GroupBy(m => m.Type).ToDictionary(g => g.Key, g => g.Count());
        }
    }

    public (int Total, int Processed, int Failed) Counts()
    {
        lock (_gate)
        {
            return (_messages.Count, _messages.Count(m => m.Status == "Processed"), _messages.Count(m => m.Status == "Failed"));
        }
    }

    private static string? Text(JsonElement element, string name) =>
        element.ValueKind == JsonValueKind.Object && element.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;
}
