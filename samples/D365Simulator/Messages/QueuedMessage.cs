namespace D365Simulator.Messages;

/// <summary>One message in the message processor: what arrived, and where it stands.</summary>
public sealed class QueuedMessage
{
    public required long Sequence { get; init; }

    public required string MessageId { get; init; }

    /// <summary>The caller's key found in the content (empty when it sent none).</summary>
    public required string Key { get; init; }

    public required string Company { get; init; }

    public required string Type { get; init; }

    public required string Order { get; init; }

    public required string Content { get; init; }

    public required DateTimeOffset DueAt { get; init; }

    /// <summary>Queued, Processed or Failed.</summary>
    public string Status { get; set; } = "Queued";

    public string? Log { get; set; }
}
