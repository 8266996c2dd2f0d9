namespace Twin.Erp.Inbound;

/// <summary>
/// A keyset position in the ERP's change order: (last change time, order number). Reading "after" it asks for orders
/// changed later, or at the same instant with a higher number, so a page boundary inside one timestamp loses nothing
/// and an order changed while pages are read moves behind the position instead of shifting an offset.
/// </summary>
public sealed record ErpOrderWatermark(DateTimeOffset ChangedAt, string Order)
{
    /// <summary>The position before every order changed at <paramref name="at"/> or later.</summary>
    public static ErpOrderWatermark Before(DateTimeOffset at) => new(at, string.Empty);

    public bool IsAfter(ErpOrderWatermark other) =>
        ChangedAt > other.ChangedAt || (ChangedAt == other.ChangedAt && string.CompareOrdinal(Order, other.Order) > 0);

    public override string ToString() => $"{ChangedAt:O}/{Order}";
}
