using Microsoft.Extensions.Options;

namespace Twin.Erp.Outbox;

/// <summary>Checks outbox settings, naming the setting and the allowed range.</summary>
public sealed class ErpOutboxOptionsValidator : IValidateOptions<ErpOutboxOptions>
{
    private const string Section = ErpOutboxOptions.SectionName;

    public ValidateOptionsResult Validate(string? name, ErpOutboxOptions options)
    {
        var errors = new List<string>();
        Require(errors, options.MaxBatchSize is >= 1 and <= 10_000, "MaxBatchSize", options.MaxBatchSize, "between 1 and 10000");
        Require(errors, options.MaxBatchAge >= TimeSpan.Zero, "MaxBatchAge", options.MaxBatchAge, "zero or positive");
        Require(errors, options.MaxPending >= options.MaxBatchSize, "MaxPending", options.MaxPending, "at least MaxBatchSize");
        Require(errors, options.MaxRememberedBookedKeys >= 0, "MaxRememberedBookedKeys", options.MaxRememberedBookedKeys, "zero or positive");
        Require(errors, options.BookedKeyRetention >= TimeSpan.FromMinutes(1), "BookedKeyRetention", options.BookedKeyRetention, "at least 00:01:00");
        Require(errors, options.MaxDeadLetters >= 1, "MaxDeadLetters", options.MaxDeadLetters, "at least 1");
        Require(errors, options.InitialRetryDelay > TimeSpan.Zero, "InitialRetryDelay", options.InitialRetryDelay, "positive");
        Require(errors, options.MaxRetryDelay >= options.InitialRetryDelay, "MaxRetryDelay", options.MaxRetryDelay, "at least InitialRetryDelay");
        Require(errors, options.ProbeInterval == TimeSpan.Zero || (options.ProbeInterval >= TimeSpan.FromMilliseconds(100) && options.ProbeInterval <= TimeSpan.FromHours(1)),
            "ProbeInterval", options.ProbeInterval, "00:00:00 (off) or from 00:00:00.100 to 01:00:00");
        Require(errors, options.RetryJitter is >= 0 and < 1, "RetryJitter", options.RetryJitter, "from 0 up to (not including) 1");
        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }

    /// <summary>Throws with every problem listed, for code that builds an outbox without the options system.</summary>
    public static void ThrowIfInvalid(ErpOutboxOptions options)
    {
        var result = new ErpOutboxOptionsValidator().Validate(null, options);
        if (result.Failed)
        {
            throw new OptionsValidationException(Section, typeof(ErpOutboxOptions), result.Failures);
        }
    }

    private static void Require(List<string> errors, bool ok, string setting, object value, string expected)
    {
        if (!ok)
        {
            errors.Add($"{Section}:{setting} is {value}; it must be {expected}.");
        }
    }
}
