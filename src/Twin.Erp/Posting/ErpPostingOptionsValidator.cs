using Microsoft.Extensions.Options;

namespace Twin.Erp.Posting;

/// <summary>Checks the posting window, naming the setting and the allowed range.</summary>
public sealed class ErpPostingOptionsValidator : IValidateOptions<ErpPostingOptions>
{
    /// <summary>An ERP posting tolerance is minutes, not hours: a longer window only hides the plant's figures from the ERP.</summary>
    public static readonly TimeSpan MaxWindow = TimeSpan.FromHours(1);

    public ValidateOptionsResult Validate(string? name, ErpPostingOptions options) =>
        options.Window >= TimeSpan.Zero && options.Window <= MaxWindow
            ? ValidateOptionsResult.Success
            : ValidateOptionsResult.Fail(
                $"{ErpPostingOptions.SectionName}:Window is {options.Window}; it must be from 00:00:00 (no aggregation) up to {MaxWindow}.");
}
