using Microsoft.Extensions.Options;

namespace Twin.Grains.Twins;

/// <summary>
/// Rejects twin bounds that would make state unbounded or a feature useless. Register with
/// <c>services.AddOptions&lt;TwinOptions&gt;().BindConfiguration(TwinOptions.Section).ValidateOnStart()</c> and
/// <c>services.AddSingleton&lt;IValidateOptions&lt;TwinOptions&gt;, TwinOptionsValidator&gt;()</c>.
/// </summary>
public sealed class TwinOptionsValidator : IValidateOptions<TwinOptions>
{
    public ValidateOptionsResult Validate(string? name, TwinOptions options)
    {
        var problems = new List<string>();
        if (options.LiveValueSaveInterval < TimeSpan.FromMilliseconds(100) || options.LiveValueSaveInterval > TimeSpan.FromMinutes(10))
        {
            problems.Add($"{TwinOptions.Section}:LiveValueSaveInterval must be between 100 ms and 10 minutes (was {options.LiveValueSaveInterval}).");
        }
        if (options.MachineSaveInterval < TimeSpan.Zero || options.MachineSaveInterval > TimeSpan.FromMinutes(1))
        {
            problems.Add($"{TwinOptions.Section}:MachineSaveInterval must be between 0 and 1 minute (was {options.MachineSaveInterval}).");
        }
        if (options.MachineHistoryLength is < 1 or > 100_000)
        {
            problems.Add($"{TwinOptions.Section}:MachineHistoryLength must be 1..100000 (was {options.MachineHistoryLength}).");
        }
        if (options.HistoryLength is < 1 or > 100_000)
        {
            problems.Add($"{TwinOptions.Section}:HistoryLength must be 1..100000 (was {options.HistoryLength}).");
        }
        if (options.RememberedRequests is < 10 or > 1_000_000)
        {
            problems.Add($"{TwinOptions.Section}:RememberedRequests must be 10..1000000 (was {options.RememberedRequests}).");
        }
        if (options.DefaultOeeWindow <= TimeSpan.Zero || options.DefaultOeeWindow > options.MachineHistoryRetention)
        {
            problems.Add($"{TwinOptions.Section}:DefaultOeeWindow must be positive and at most MachineHistoryRetention.");
        }
        if (options.DefaultTraceDepth < 1 || options.MaxTraceDepth < options.DefaultTraceDepth || options.MaxTraceDepth > 1000)
        {
            problems.Add($"{TwinOptions.Section}: trace depths need 1 <= DefaultTraceDepth <= MaxTraceDepth <= 1000.");
        }
        if (options.MaxTraceLots < 1)
        {
            problems.Add($"{TwinOptions.Section}:MaxTraceLots must be at least 1.");
        }
        if (options.TransferRetryDelay <= TimeSpan.Zero)
        {
            problems.Add($"{TwinOptions.Section}:TransferRetryDelay must be positive.");
        }
        return problems.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(problems);
    }
}
