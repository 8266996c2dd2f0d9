using Microsoft.Extensions.Options;

namespace Twin.Grains.Twins;

/// <summary>Checks the limits at start: a zero or negative limit would refuse every command of its kind.</summary>
internal sealed class CommandLimitsValidator : IValidateOptions<CommandLimits>
{
    public ValidateOptionsResult Validate(string? name, CommandLimits limits)
    {
        var errors = new List<string>();
        Between(errors, nameof(limits.MaxNameLength), limits.MaxNameLength, 1, 100_000);
        Between(errors, nameof(limits.MaxUnitLength), limits.MaxUnitLength, 1, 1_000);
        Between(errors, nameof(limits.MaxReasonLength), limits.MaxReasonLength, 1, 100_000);
        Between(errors, nameof(limits.MaxSignalNameLength), limits.MaxSignalNameLength, 1, 10_000);
        Between(errors, nameof(limits.MaxSignalTextLength), limits.MaxSignalTextLength, 1, 1_000_000);
        Between(errors, nameof(limits.MaxSignalsPerRequest), limits.MaxSignalsPerRequest, 1, 100_000);
        Between(errors, nameof(limits.MaxRoutingSteps), limits.MaxRoutingSteps, 1, 10_000);
        if (limits.MaxQuantity is <= 0m or > 1_000_000_000_000_000m)
        {
            errors.Add($"{CommandLimits.Section}:MaxQuantity must be above 0 and at most 1000000000000000 (was {limits.MaxQuantity}); larger quantities let a twin's sums overflow.");
        }

        if (limits.MaxSignalTimeAhead < TimeSpan.Zero || limits.MaxSignalTimeAhead > TimeSpan.FromDays(1))
        {
            errors.Add($"{CommandLimits.Section}:MaxSignalTimeAhead must be between 00:00:00 and 1.00:00:00 (was {limits.MaxSignalTimeAhead}).");
        }

        if (limits.MaxSignalAge <= TimeSpan.Zero || limits.MaxSignalAge > TimeSpan.FromDays(3650))
        {
            errors.Add($"{CommandLimits.Section}:MaxSignalAge must be a positive duration of at most 3650 days (was {limits.MaxSignalAge}).");
        }

        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }

    private static void Between(List<string> errors, string setting, int value, int min, int max)
    {
        if (value < min || value > max)
        {
            errors.Add($"{CommandLimits.Section}:{setting} must be between {min} and {max} (was {value}).");
        }
    }
}
