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
        : _options.WorkOrders.Count == 0 ? workOrder
        : throw new ErpMappingException($"work order {workOrder} has no entry in {ErpMappingOptions.SectionName}:WorkOrders; add its ERP order number");

    public string Operation(string workOrder, string operation)
    {
        if (_options.WorkOrders.TryGetValue(workOrder, out var mapped) && mapped.Operations.TryGetValue(operation, out var explicitNumber))
        {
            return explicitNumber;
        }

        return operation.Length < _options.OperationNumberWidth ? operation.PadLeft(_options.OperationNumberWidth, '0') : operation;
    }

    private static string Lookup(Dictionary<string, string> table, string name, string value, string what) =>
        table.TryGetValue(value, out var mapped) ? mapped
        : table.Count == 0 ? value
        : throw new ErpMappingException($"{what} '{value}' has no entry in {ErpMappingOptions.SectionName}:{name}; add the ERP's value for it");
}
