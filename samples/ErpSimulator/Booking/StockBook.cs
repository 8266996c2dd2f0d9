namespace ErpSimulator.Booking;

/// <summary>
/// The simulated ERP's stock per plant, storage location, item and lot, kept up to date with every booked document (the
/// way a real ERP's stock follows its material documents), so the stock query answers without reading the books.
/// Not thread-safe on its own: <see cref="BookingLedger"/> calls it under its lock.
/// </summary>
public sealed class StockBook
{
    private readonly Dictionary<(string Plant, string Location, string Item, string Lot), (decimal Quantity, string Unit)> _stock = [];

    /// <summary>Moves stock as <paramref name="document"/> says; kinds that do not move stock (confirmations, holds) change nothing.</summary>
    public void Apply(BookedDocument document)
    {
        var plant = document.Plant ?? string.Empty;
        var lot = document.Lot ?? string.Empty;
        switch (document.Kind)
        {
            case TransactionKinds.GoodsReceipt:
                Add(plant, document.ToLocation, document.Item, lot, document.Quantity, document.Unit);
                break;
            case TransactionKinds.StockMove:
                Add(plant, document.FromLocation, document.Item, lot, -document.Quantity, document.Unit);
                Add(plant, document.ToLocation, document.Item, lot, document.Quantity, document.Unit);
                break;
            case TransactionKinds.MaterialConsumption or TransactionKinds.GoodsIssue or TransactionKinds.ScrapFromStock:
                Add(plant, document.FromLocation, document.Item, lot, -document.Quantity, document.Unit);
                break;
            case TransactionKinds.LotTransfer:
                Add(plant, document.FromLocation, document.Item, lot, -document.Quantity, document.Unit);
                Add(plant, document.ToLocation ?? document.FromLocation, document.Item, document.ToLot ?? string.Empty, document.Quantity, document.Unit);
                break;
        }
    }

    /// <summary>Books a correction straight into the ERP (as a clerk would, outside the plant's flow).</summary>
    public void Adjust(string plant, string location, string item, string? lot, decimal quantity, string unit) =>
        Add(plant, location, item, lot ?? string.Empty, quantity, unit);

    /// <summary>The stock of <paramref name="locations"/> in <paramref name="plant"/>; lines at zero are left out.</summary>
    public List<StockLine> Of(string plant, IReadOnlySet<string> locations) => _stock
        .Where(s => s.Key.Plant == plant && locations.Contains(s.Key.Location) && s.Value.Quantity != 0)
        .Select(s => new StockLine(s.Key.Location, s.Key.Item, s.Key.Lot.Length == 0 ? null : s.Key.Lot, s.Value.Quantity, s.Value.Unit))
        .OrderBy(s => s.Location, StringComparer.Ordinal).ThenBy(s => s.Item, StringComparer.Ordinal).ThenBy(s => s.Lot, StringComparer.Ordinal)
        .ToList();

    private void Add(string plant, string? location, string item, string lot, decimal quantity, string unit)
    {
        if (string.IsNullOrEmpty(location))
        {
            return;
        }

        var key = (plant, location, item, lot);
        var now = _stock.GetValueOrDefault(key);
        _stock[key] = (now.Quantity + quantity, now.Unit ?? unit);
    }
}

/// <summary>One line of the stock answer.</summary>
public sealed record StockLine(string Location, string Item, string? Lot, decimal Quantity, string Unit);
