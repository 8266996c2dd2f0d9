namespace Twin.Domain.WorkOrders;

/// <summary>A component the order needs, as the ERP's bill of material gives it.</summary>
public sealed record ComponentLine(string Item, decimal Quantity, string Unit, string? LocationId, int? OperationSequence);
