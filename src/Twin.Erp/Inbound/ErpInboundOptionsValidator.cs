using Microsoft.Extensions.Options;

namespace Twin.Erp.Inbound;

/// <summary>Start-time check of "Erp:Inbound", one line per wrong setting.</summary>
internal sealed class ErpInboundOptionsValidator(bool connectorReadsOrders) : IValidateOptions<ErpInboundOptions>
{
    public ValidateOptionsResult Validate(string? name, ErpInboundOptions options)
    {
        var errors = new List<string>();
        const string s = ErpInboundOptions.SectionName;
        if (options.PollInterval < TimeSpan.FromMilliseconds(100) || options.PollInterval > TimeSpan.FromHours(1))
        {
            errors.Add($"{s}:PollInterval is {options.PollInterval}; it must be between 00:00:00.100 and 01:00:00.");
        }

        if (options.PageSize is < 1 or > 1000)
        {
            errors.Add($"{s}:PageSize is {options.PageSize}; it must be between 1 and 1000.");
        }

        if (options.MaxPagesPerPoll < 1)
        {
            errors.Add($"{s}:MaxPagesPerPoll is {options.MaxPagesPerPoll}; it must be at least 1.");
        }

        if (options.Overlap < TimeSpan.Zero || options.Overlap > TimeSpan.FromDays(1))
        {
            errors.Add($"{s}:Overlap is {options.Overlap}; it must be between 00:00:00 and 1.00:00:00.");
        }

        if (options.FailureLogInterval < TimeSpan.FromSeconds(1) || options.FailureLogInterval > TimeSpan.FromDays(1))
        {
            errors.Add($"{s}:FailureLogInterval is {options.FailureLogInterval}; it must be between 00:00:01 and 1.00:00:00.");
        }

        if (options.Plants.Count > 0 && !connectorReadsOrders)
        {
            errors.Add($"{s}:Plants names plants, but no connector that reads production orders is configured; set Erp:Connector:Kind to sap-s4 or d365-scm (with its BaseUrl), or leave {s}:Plants empty.");
        }

        if (options.Plants.Any(string.IsNullOrWhiteSpace))
        {
            errors.Add($"{s}:Plants has an empty entry; name each plant.");
        }

        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }
}
