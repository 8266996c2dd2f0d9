using Microsoft.Extensions.Options;

namespace Twin.Erp.Mapping;

/// <summary>Applies <see cref="ErpMappingOptions"/>; throws <see cref="ErpMappingException"/> naming the table that lacks a value.</summary>
public sealed class ErpMapping(IOptions<ErpMappingOptions> options)
{
    private readonly ErpMappingOptions _options = options.Value;

    public string Plant(string plant) => Lookup(_options.Plants, "Plants", plant, "plant");

    public string Location(string location) => Lookup(_options.Locations, "Locations", location, "location");

    public string Unit(string unit) => Lookup(_options.Units, "Units", unit, "unit");

    /// <summary>The ERP stock type of a Twin stock status, or <paramref name="fallback"/> when the table does not list it.</summary>
    public string StockType(string status, string fallback) => _options.StockTypes.GetValueOrDefault(status, fallback);

    public string Order(string workOrder) =>
        _options.WorkOrders.TryGetValue(workOrder, out var mapped) ? mapped.Order
        : _options.WorkOrders.Count == 0 || _options.PassUnlistedWorkOrders ? workOrder
        : throw new ErpMappingException($"work order {workOrder} has no entry in {ErpMappingOptions.SectionName}:WorkOrders; add its ERP order number");

    public string Operation(string workOrder, string operation)
    {
        if (_options.WorkOrders.TryGetValue(workOrder, out var mapped) && mapped.Operations.TryGetValue(operation, out var explicitNumber))
        {
            return explicitNumber;
        }

        return operation.Length < _options.OperationNumberWidth ? operation.PadLeft(_options.OperationNumberWidth, '0') : operation;
    }

    // The way back, for what the ERP sends in (production orders): a value no table entry names comes through unchanged
    // when the table is empty, and is refused with the table's name otherwise.

    /// <summary>The Twin unit of an ERP unit (reverse of <c>Units</c>).</summary>
    public string TwinUnit(string erpUnit) => Reverse(_options.Units, "Units", erpUnit, "unit");

    /// <summary>The Twin location of an ERP storage location or warehouse (reverse of <c>Locations</c>).</summary>
    public string TwinLocation(string erpLocation) => Reverse(_options.Locations, "Locations", erpLocation, "storage location");

    /// <summary>The Twin work-order id of an ERP order: the <c>WorkOrders</c> entry naming it, else the ERP number itself.</summary>
    public string TwinWorkOrder(string erpOrder) =>
        _options.WorkOrders.FirstOrDefault(e => string.Equals(e.Value.Order, erpOrder, StringComparison.Ordinal)).Key ?? erpOrder;

    /// <summary>
    /// The Twin operation sequence of an ERP operation number: an explicit <c>WorkOrders:…:Operations</c> entry, else the
    /// number read as an integer ("0010" → 10, the reverse of the zero padding).
    /// </summary>
    public int TwinOperation(string workOrder, string erpOperation)
    {
        if (_options.WorkOrders.TryGetValue(workOrder, out var mapped)
            && mapped.Operations.FirstOrDefault(e => string.Equals(e.Value, erpOperation, StringComparison.Ordinal)).Key is { } twin
            && int.TryParse(twin, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var explicitSequence))
        {
            return explicitSequence;
        }

        return int.TryParse(erpOperation, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var sequence)
            ? sequence
            : throw new ErpMappingException($"operation '{erpOperation}' of order {workOrder} is not a number; map it in {ErpMappingOptions.SectionName}:WorkOrders:{workOrder}:Operations");
    }

    private static string Reverse(Dictionary<string, string> table, string name, string erpValue, string what)
    {
        if (table.Count == 0)
        {
            return erpValue;
        }

        foreach (var (twin, erp) in table)
        {
            if (string.Equals(erp, erpValue, StringComparison.Ordinal))
            {
                return twin;
            }
        }

        throw new ErpMappingException($"ERP {what} '{erpValue}' is named by no entry of {ErpMappingOptions.SectionName}:{name}; add the Twin value for it");
    }

    private static string Lookup(Dictionary<string, string> table, string name, string value, string what) =>
        table.TryGetValue(value, out var mapped) ? mapped
        : table.Count == 0 ? value
        : throw new ErpMappingException($"{what} '{value}' has no entry in {ErpMappingOptions.SectionName}:{name}; add the ERP's value for it");
}
