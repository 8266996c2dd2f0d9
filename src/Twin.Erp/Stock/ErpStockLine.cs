namespace Twin.Erp.Stock;

/// <summary>Stock of one item and lot at one storage location, as the ERP's books or a location twin hold it (all stock statuses together).</summary>
public sealed record ErpStockLine(string Location, string Item, string? Lot, decimal Quantity, string? Unit);
