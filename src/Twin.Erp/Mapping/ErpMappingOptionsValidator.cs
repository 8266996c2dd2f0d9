using Microsoft.Extensions.Options;

namespace Twin.Erp.Mapping;

/// <summary>Checks the mapping tables at start: every entry names a value, so a half-written table fails here, not at posting.</summary>
internal sealed class ErpMappingOptionsValidator : IValidateOptions<ErpMappingOptions>
{
    private const string Section = ErpMappingOptions.SectionName;

    public ValidateOptionsResult Validate(string? name, ErpMappingOptions options)
    {
        var errors = new List<string>();
        CheckTable(errors, "Plants", options.Plants);
        CheckTable(errors, "Locations", options.Locations);
        CheckTable(errors, "StockTypes", options.StockTypes);
        CheckTable(errors, "Units", options.Units);
        foreach (var (order, mapping) in options.WorkOrders)
        {
            if (string.IsNullOrWhiteSpace(mapping.Order))
            {
                errors.Add($"{Section}:WorkOrders:{order}:Order is empty; set the ERP order number for work order {order}.");
            }

            CheckTable(errors, $"WorkOrders:{order}:Operations", mapping.Operations);
        }

        if (options.OperationNumberWidth is < 0 or > 10)
        {
            errors.Add($"{Section}:OperationNumberWidth is {options.OperationNumberWidth}; it must be between 0 (keep as is) and 10.");
        }

        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }

    private static void CheckTable(List<string> errors, string table, Dictionary<string, string> entries)
    {
        foreach (var (from, to) in entries)
        {
            if (string.IsNullOrWhiteSpace(to) || to != to.Trim())
            {
                errors.Add($"{Section}:{table}:{from} is '{to}'; set the ERP's value (no surrounding spaces) or remove the entry.");
            }
        }
    }
}
