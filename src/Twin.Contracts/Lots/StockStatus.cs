namespace Twin.Contracts;

/// <summary>Stock status of a lot. Only Unrestricted stock may be issued to production.</summary>
public enum StockStatus
{
    Unrestricted = 0,
    QualityHold = 1,
    Blocked = 2,
    Consumed = 3,
}
