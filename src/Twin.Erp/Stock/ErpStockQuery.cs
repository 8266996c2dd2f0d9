namespace Twin.Erp.Stock;

/// <summary>A question to the ERP's read side: the stock of these storage locations of one plant (one page of the plant's locations).</summary>
public sealed record ErpStockQuery(string Plant, IReadOnlyList<string> Locations);
