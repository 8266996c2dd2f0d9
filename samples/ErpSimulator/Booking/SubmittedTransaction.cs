namespace ErpSimulator.Booking;

/// <summary>One transaction as a client posts it. Everything is optional here so that a bad line gets a reason, not a parse error.</summary>
public sealed class SubmittedTransaction
{
    public string? IdempotencyKey { get; set; }

    public string? Kind { get; set; }

    public string? Plant { get; set; }

    public string? WorkOrder { get; set; }

    public string? Operation { get; set; }

    public string? Item { get; set; }

    public string? Lot { get; set; }

    /// <summary>Lot transfer: the lot stock goes into (Lot is the one it leaves).</summary>
    public string? ToLot { get; set; }

    public string? Machine { get; set; }

    /// <summary>The last confirmation of its work-order operation.</summary>
    public bool Final { get; set; }

    public decimal Quantity { get; set; }

    public string? Unit { get; set; }

    public string? FromLocation { get; set; }

    public string? ToLocation { get; set; }

    public string? Reason { get; set; }

    public string? CorrelationId { get; set; }

    public List<string>? SourceEventIds { get; set; }

    public DateTimeOffset? OccurredAt { get; set; }
}

/// <summary>The body of a batch post.</summary>
public sealed class BatchSubmission
{
    public List<SubmittedTransaction>? Transactions { get; set; }
}

/// <summary>The answer for one transaction: status is booked, alreadyBooked or rejected.</summary>
public sealed record BookingLine(string IdempotencyKey, string Status, string? DocumentNumber, string? Reason);

/// <summary>The answer to a batch post, one line per transaction in the order posted.</summary>
public sealed record BatchAnswer(IReadOnlyList<BookingLine> Results);
