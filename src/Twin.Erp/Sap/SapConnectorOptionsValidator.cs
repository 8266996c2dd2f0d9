using Microsoft.Extensions.Options;
using Twin.Erp.Connector;

namespace Twin.Erp.Sap;

/// <summary>Checks the SAP connector settings at start, one line per wrong setting naming what to put there.</summary>
internal sealed class SapConnectorOptionsValidator : IValidateOptions<SapConnectorOptions>
{
    private const string Section = SapConnectorOptions.SectionName;

    public ValidateOptionsResult Validate(string? name, SapConnectorOptions options)
    {
        var errors = new List<string>();
        if (!ConnectorSettingChecks.IsHttpUrl(options.BaseUrl))
        {
            errors.Add($"{Section}:BaseUrl is '{options.BaseUrl}'; set it to the SAP system's absolute http(s) address, e.g. https://s4.example.com.");
        }

        if (!string.IsNullOrEmpty(options.SapClient) && (options.SapClient.Length != 3 || !options.SapClient.All(char.IsAsciiDigit)))
        {
            errors.Add($"{Section}:SapClient is '{options.SapClient}'; it must be three digits (e.g. 100) or empty for a cloud system.");
        }

        CheckAuth(errors, options.Auth);
        ConnectorSettingChecks.CheckPath(errors, Section, "ConfirmationServicePath", options.ConfirmationServicePath);
        ConnectorSettingChecks.CheckPath(errors, Section, "MaterialDocumentServicePath", options.MaterialDocumentServicePath);
        ConnectorSettingChecks.CheckPath(errors, Section, "ProductionOrderServicePath", options.ProductionOrderServicePath);
        if (options.MaxDocumentsPerBatch is < 1 or > 1000)
        {
            errors.Add($"{Section}:MaxDocumentsPerBatch is {options.MaxDocumentsPerBatch}; it must be between 1 and 1000.");
        }

        if (options.AttemptTimeout < TimeSpan.FromMilliseconds(100) || options.AttemptTimeout > TimeSpan.FromMinutes(10))
        {
            errors.Add($"{Section}:AttemptTimeout is {options.AttemptTimeout}; it must be between 00:00:00.1 and 00:10:00.");
        }

        if (options.LockRetryAfter < TimeSpan.Zero || options.LockRetryAfter > TimeSpan.FromHours(1))
        {
            errors.Add($"{Section}:LockRetryAfter is {options.LockRetryAfter}; it must be between 0 and 01:00:00.");
        }

        if (options.LookUpAfterStart < TimeSpan.Zero || options.LookUpAfterStart > TimeSpan.FromDays(1))
        {
            errors.Add($"{Section}:LookUpAfterStart is {options.LookUpAfterStart}; it must be between 0 (off) and 1.00:00:00.");
        }

        if (options.MaxRememberedUnknownKeys is < 100 or > 10_000_000)
        {
            errors.Add($"{Section}:MaxRememberedUnknownKeys is {options.MaxRememberedUnknownKeys}; it must be between 100 and 10000000.");
        }

        if (options.TransientMessageIds.Any(string.IsNullOrWhiteSpace))
        {
            errors.Add($"{Section}:TransientMessageIds has an empty entry; list SAP message ids as class/number, e.g. M3/897.");
        }

        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }

    private static void CheckAuth(List<string> errors, SapAuthOptions auth)
    {
        if (auth.Mode == SapAuthMode.Basic)
        {
            if (string.IsNullOrEmpty(auth.User) || string.IsNullOrEmpty(auth.Password))
            {
                errors.Add($"{Section}:Auth:User and Auth:Password must both be set for Auth:Mode=Basic (the SAP communication user).");
            }

            return;
        }

        if (!ConnectorSettingChecks.IsHttpUrl(auth.TokenUrl))
        {
            errors.Add($"{Section}:Auth:TokenUrl is '{auth.TokenUrl}'; set the OAuth2 token endpoint's absolute http(s) address for Auth:Mode=OAuth2.");
        }

        if (string.IsNullOrEmpty(auth.ClientId) || string.IsNullOrEmpty(auth.ClientSecret))
        {
            errors.Add($"{Section}:Auth:ClientId and Auth:ClientSecret must both be set for Auth:Mode=OAuth2.");
        }
    }
}
