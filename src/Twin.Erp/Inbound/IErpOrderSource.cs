namespace Twin.Erp.Inbound;

/// <summary>
/// Reads production orders from an ERP, oldest change first. Read-only, so a failed read is simply read again: failures
/// throw <see cref="ErpOrderSourceException"/> (cancellation through the token throws as usual).
/// </summary>
public interface IErpOrderSource
{
    /// <summary>
    /// Orders of <paramref name="erpPlant"/> changed after <paramref name="after"/> (null: from the beginning), ordered by
    /// (change time, order number), at most <paramref name="pageSize"/>, each with its operations and components.
    /// </summary>
    Task<ErpOrderPage> ReadChangedAsync(string erpPlant, ErpOrderWatermark? after, int pageSize, CancellationToken cancellationToken = default);
}
