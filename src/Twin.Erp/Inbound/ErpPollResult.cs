namespace Twin.Erp.Inbound;

/// <summary>What one poll of one plant did; <see cref="Problems"/> holds at most a few reasons (clean of secrets).</summary>
public sealed record ErpPollResult
{
    public int Read { get; init; }

    public int Created { get; init; }

    public int Updated { get; init; }

    public int Unchanged { get; init; }

    public int Ignored { get; init; }

    /// <summary>Orders the mapping could not translate or the twin refused: skipped (the watermark moves past them).</summary>
    public int Refused { get; init; }

    /// <summary>Pages requested from the ERP.</summary>
    public int Requests { get; init; }

    /// <summary>True when the poll stopped at its page limit with more to read.</summary>
    public bool More { get; init; }

    /// <summary>Why the poll stopped early (the ERP could not be read, a twin could not be reached); null when it ran through.</summary>
    public string? Failure { get; init; }

    public ErpOrderWatermark? Watermark { get; init; }

    public IReadOnlyList<string> Problems { get; init; } = [];
}
