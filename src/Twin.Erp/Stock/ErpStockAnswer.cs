namespace Twin.Erp.Stock;

/// <summary>What became of a stock query.</summary>
public enum ErpStockAnswerStatus
{
    /// <summary>The ERP answered; <see cref="ErpStockAnswer.Lines"/> is its stock of the locations asked about.</summary>
    Answered,

    /// <summary>This connector (or the ERP behind it) cannot be asked for stock; reconciliation is off for the plant.</summary>
    NotSupported,

    /// <summary>The ERP could not be asked now (down, throttled, refused); the reconciliation tries again at its next run.</summary>
    Unavailable,
}

/// <summary>The ERP's stock of the locations a <see cref="ErpStockQuery"/> named, or why there is none.</summary>
public sealed record ErpStockAnswer(ErpStockAnswerStatus Status, IReadOnlyList<ErpStockLine> Lines, string? Reason)
{
    public static ErpStockAnswer Of(IReadOnlyList<ErpStockLine> lines) => new(ErpStockAnswerStatus.Answered, lines, null);

    public static ErpStockAnswer NotSupported(string reason) => new(ErpStockAnswerStatus.NotSupported, [], reason);

    public static ErpStockAnswer Unavailable(string reason) => new(ErpStockAnswerStatus.Unavailable, [], reason);
}
