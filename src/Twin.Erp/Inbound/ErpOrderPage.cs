namespace Twin.Erp.Inbound;

/// <summary>One page of changed orders in change order; <see cref="More"/> when the ERP has more after the last one.</summary>
public sealed record ErpOrderPage(IReadOnlyList<ErpProductionOrder> Orders, bool More);
