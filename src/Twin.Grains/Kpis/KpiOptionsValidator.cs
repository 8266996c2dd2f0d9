using Microsoft.Extensions.Options;

namespace Twin.Grains.Kpis;

/// <summary>Checks Twin:Objectives and Twin:Kpis at start; each failure names the setting and a value that works.</summary>
public sealed class KpiOptionsValidator : IValidateOptions<KpiOptions>, IValidateOptions<ObjectiveOptions>
{
    public ValidateOptionsResult Validate(string? name, KpiOptions options)
    {
        var errors = new List<string>();
        Positive(errors, KpiOptions.Section, nameof(options.QualityHoldLimit), options.QualityHoldLimit, "08:00:00");
        Positive(errors, KpiOptions.Section, nameof(options.RefreshInterval), options.RefreshInterval, "00:00:10");
        Positive(errors, KpiOptions.Section, nameof(options.HoldScanInterval), options.HoldScanInterval, "00:00:30");
        if (options.ReconciliationInterval < TimeSpan.Zero)
        {
            errors.Add($"{KpiOptions.Section}:ReconciliationInterval is {options.ReconciliationInterval}; use 00:00:00 (on request only) or a period such as 00:15:00.");
        }

        if (options.ReconciliationPageSize is < 1 or > 5_000)
        {
            errors.Add($"{KpiOptions.Section}:ReconciliationPageSize is {options.ReconciliationPageSize}; use 1 to 5000 locations per stock query, e.g. 200.");
        }

        if (options.ReconciliationPagePause < TimeSpan.Zero)
        {
            errors.Add($"{KpiOptions.Section}:ReconciliationPagePause is {options.ReconciliationPagePause}; use 00:00:00 or more.");
        }

        if (options.MaxHeldLots is < 1 or > 1_000_000)
        {
            errors.Add($"{KpiOptions.Section}:MaxHeldLots is {options.MaxHeldLots}; use 1 to 1000000, e.g. 10000.");
        }

        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }

    public ValidateOptionsResult Validate(string? name, ObjectiveOptions options)
    {
        var errors = new List<string>();
        Positive(errors, ObjectiveOptions.Section, nameof(options.MachineTelemetry), options.MachineTelemetry, "00:00:01");
        Positive(errors, ObjectiveOptions.Section, nameof(options.WarehouseMovement), options.WarehouseMovement, "00:00:05");
        Positive(errors, ObjectiveOptions.Section, nameof(options.ErpPosting), options.ErpPosting, "00:01:00");
        Positive(errors, ObjectiveOptions.Section, nameof(options.Slice), options.Slice, "00:01:00");
        Positive(errors, ObjectiveOptions.Section, nameof(options.ReportInterval), options.ReportInterval, "00:00:05");
        if (options.Window < options.Slice || options.Window > TimeSpan.FromDays(7))
        {
            errors.Add($"{ObjectiveOptions.Section}:Window is {options.Window}; use at least one Slice ({options.Slice}) and at most 7 days, e.g. 01:00:00.");
        }
        else if (options.Window.Ticks / options.Slice.Ticks > 10_080)
        {
            errors.Add($"{ObjectiveOptions.Section}:Window {options.Window} holds more than 10080 slices of {options.Slice}; make Slice longer.");
        }

        if (options.Target is <= 0 or > 1 || double.IsNaN(options.Target))
        {
            errors.Add($"{ObjectiveOptions.Section}:Target is {options.Target}; use a share above 0 and at most 1, e.g. 0.99.");
        }

        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }

    private static void Positive(List<string> errors, string section, string setting, TimeSpan value, string example)
    {
        if (value <= TimeSpan.Zero)
        {
            errors.Add($"{section}:{setting} is {value}; it must be longer than zero, e.g. {example}.");
        }
    }
}
