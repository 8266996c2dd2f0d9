using Microsoft.Extensions.Options;

namespace Twin.Grains.Webhooks;

/// <summary>Checks webhook settings at start, naming the setting and the allowed range.</summary>
public sealed class WebhookOptionsValidator : IValidateOptions<WebhookOptions>
{
    public ValidateOptionsResult Validate(string? name, WebhookOptions options)
    {
        var errors = new List<string>();
        Require(errors, options.MaxSubscriptionsPerPlant is >= 1 and <= 1_000, "MaxSubscriptionsPerPlant", options.MaxSubscriptionsPerPlant, "between 1 and 1000");
        Require(errors, options.AttemptTimeout >= TimeSpan.FromMilliseconds(100) && options.AttemptTimeout <= TimeSpan.FromMinutes(5), "AttemptTimeout", options.AttemptTimeout, "between 00:00:00.1 and 00:05:00");
        Require(errors, options.InitialRetryDelay > TimeSpan.Zero, "InitialRetryDelay", options.InitialRetryDelay, "positive");
        Require(errors, options.MaxRetryDelay >= options.InitialRetryDelay, "MaxRetryDelay", options.MaxRetryDelay, "at least InitialRetryDelay");
        Require(errors, options.DeadLetterAfter > TimeSpan.Zero, "DeadLetterAfter", options.DeadLetterAfter, "positive");
        Require(errors, options.SecretGracePeriod >= TimeSpan.Zero && options.SecretGracePeriod <= TimeSpan.FromDays(30), "SecretGracePeriod", options.SecretGracePeriod, "between 0 and 30 days");
        Require(errors, options.MaxConcurrentDeliveries is >= 1 and <= 64, "MaxConcurrentDeliveries", options.MaxConcurrentDeliveries, "between 1 and 64");
        Require(errors, options.PumpInterval >= TimeSpan.FromMilliseconds(10) && options.PumpInterval <= TimeSpan.FromMinutes(1), "PumpInterval", options.PumpInterval, "between 00:00:00.01 and 00:01:00");
        Require(errors, options.DeliveredLogSize is >= 0 and <= 100_000, "DeliveredLogSize", options.DeliveredLogSize, "between 0 and 100000");
        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }

    private static void Require(List<string> errors, bool ok, string setting, object value, string expected)
    {
        if (!ok)
        {
            errors.Add($"{WebhookOptions.Section}:{setting} is {value}; it must be {expected}.");
        }
    }
}
