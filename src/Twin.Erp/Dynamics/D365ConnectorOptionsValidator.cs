using Microsoft.Extensions.Options;
using Twin.Erp.Connector;

namespace Twin.Erp.Dynamics;

/// <summary>Checks the Dynamics 365 connector settings at start, one line per wrong setting naming what to put there.</summary>
internal sealed class D365ConnectorOptionsValidator : IValidateOptions<D365ConnectorOptions>
{
    private const string Section = D365ConnectorOptions.SectionName;

    public ValidateOptionsResult Validate(string? name, D365ConnectorOptions options)
    {
        var errors = new List<string>();
        if (!ConnectorSettingChecks.IsHttpUrl(options.BaseUrl))
        {
            errors.Add($"{Section}:BaseUrl is '{options.BaseUrl}'; set it to the D365 environment's absolute http(s) address, e.g. https://contoso.operations.dynamics.com.");
        }

        if (!ConnectorSettingChecks.IsHttpUrl(options.Auth.TokenUrl))
        {
            errors.Add($"{Section}:Auth:TokenUrl is '{options.Auth.TokenUrl}'; set the Entra ID token endpoint, e.g. https://login.microsoftonline.com/<tenant>/oauth2/v2.0/token.");
        }

        if (string.IsNullOrEmpty(options.Auth.ClientId) || string.IsNullOrEmpty(options.Auth.ClientSecret))
        {
            errors.Add($"{Section}:Auth:ClientId and Auth:ClientSecret must both be set (the Entra ID app registration D365 knows).");
        }

        ConnectorSettingChecks.CheckPath(errors, Section, "SendMessagePath", options.SendMessagePath);
        ConnectorSettingChecks.CheckPath(errors, Section, "MessageStatusPath", options.MessageStatusPath);
        ConnectorSettingChecks.CheckPath(errors, Section, "DataPath", options.DataPath);
        CheckText(errors, "MessageQueue", options.MessageQueue, "e.g. JmgMES3P");
        CheckText(errors, "IdempotencyField", options.IdempotencyField, "a field name of the message content, e.g. TwinMessageKey");
        CheckText(errors, "AvailableInventoryStatus", options.AvailableInventoryStatus, "e.g. Available");
        CheckText(errors, "ScrapErrorCause", options.ScrapErrorCause, "None, Material, Machine or OperatingStaff");
        if (options.MaxParallelOrders is < 1 or > 64)
        {
            errors.Add($"{Section}:MaxParallelOrders is {options.MaxParallelOrders}; it must be between 1 and 64.");
        }

        CheckSpan(errors, "AttemptTimeout", options.AttemptTimeout, TimeSpan.FromMilliseconds(100), TimeSpan.FromMinutes(10));
        CheckSpan(errors, "StatusPollInterval", options.StatusPollInterval, TimeSpan.FromMilliseconds(10), TimeSpan.FromMinutes(1));
        CheckSpan(errors, "StatusPollTimeout", options.StatusPollTimeout, TimeSpan.Zero, TimeSpan.FromMinutes(10));
        CheckSpan(errors, "ThrottledRetryAfter", options.ThrottledRetryAfter, TimeSpan.Zero, TimeSpan.FromHours(1));
        CheckSpan(errors, "LookUpAfterStart", options.LookUpAfterStart, TimeSpan.Zero, TimeSpan.FromDays(1));
        if (options.MaxRememberedKeys is < 100 or > 10_000_000)
        {
            errors.Add($"{Section}:MaxRememberedKeys is {options.MaxRememberedKeys}; it must be between 100 and 10000000.");
        }

        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }


    private static void CheckText(List<string> errors, string setting, string? value, string example)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            errors.Add($"{Section}:{setting} is empty; set it ({example}).");
        }
    }

    private static void CheckSpan(List<string> errors, string setting, TimeSpan value, TimeSpan min, TimeSpan max)
    {
        if (value < min || value > max)
        {
            errors.Add($"{Section}:{setting} is {value}; it must be between {min} and {max}.");
        }
    }
}
