namespace Twin.Erp.Stock;

/// <summary>One item and lot at one location whose quantity differs between the location twin and the ERP.</summary>
public sealed record StockMismatch(string Location, string Item, string? Lot, decimal TwinQuantity, decimal ErpQuantity, string? Unit);
