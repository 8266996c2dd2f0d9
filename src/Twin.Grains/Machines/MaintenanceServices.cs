using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Twin.Domain.Machines;

namespace Twin.Grains.Machines;

/// <summary>Registers the maintenance times (Twin:Maintenance, checked at start) and the policy the machine twins review stops with.</summary>
public static class MaintenanceServices
{
    /// <summary>Used when the host registered none (a bare test cluster): the defaults.</summary>
    internal static readonly MaintenancePolicy Default = From(new MaintenanceOptions());

    public static IServiceCollection AddTwinMaintenance(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddSingleton<IValidateOptions<MaintenanceOptions>, MaintenanceOptionsValidator>();
        services.AddOptions<MaintenanceOptions>().Bind(configuration.GetSection(MaintenanceOptions.Section)).ValidateOnStart();
        services.AddSingleton(sp => From(sp.GetRequiredService<IOptions<MaintenanceOptions>>().Value));
        return services;
    }

    private static MaintenancePolicy From(MaintenanceOptions options) => new(options.DownAfter, options.DownAfterByClass);
}

/// <summary>Refuses times outside 1 s to 30 days and class names that are not ids (a machine could never name them).</summary>
public sealed class MaintenanceOptionsValidator : IValidateOptions<MaintenanceOptions>
{
    public ValidateOptionsResult Validate(string? name, MaintenanceOptions options)
    {
        var problems = new List<string>();
        if (OutOfRange(options.DownAfter))
        {
            problems.Add($"{MaintenanceOptions.Section}:DownAfter must be between 1 second and 30 days (was {options.DownAfter}).");
        }
        foreach (var (machineClass, downAfter) in options.DownAfterByClass)
        {
            if (TwinIds.Problem(machineClass, "machine class") is { } problem)
            {
                problems.Add($"{MaintenanceOptions.Section}:DownAfterByClass: {problem}");
            }
            else if (OutOfRange(downAfter))
            {
                problems.Add($"{MaintenanceOptions.Section}:DownAfterByClass:{machineClass} must be between 1 second and 30 days (was {downAfter}).");
            }
        }
        return problems.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(problems);
    }

    private static bool OutOfRange(TimeSpan time) => time < MaintenanceOptions.Shortest || time > MaintenanceOptions.Longest;
}
