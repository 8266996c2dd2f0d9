using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Twin.Grains.Twins;

/// <summary>Registers the command limits (Twin:Api:Limits, checked at start) and the grain call filter that holds every twin command to them.</summary>
public static class CommandLimitServices
{
    public static ISiloBuilder AddTwinCommandLimits(this ISiloBuilder silo, IConfiguration configuration)
    {
        silo.Services.AddOptions<CommandLimits>().Bind(configuration.GetSection(CommandLimits.Section)).ValidateOnStart();
        silo.Services.AddSingleton<IValidateOptions<CommandLimits>, CommandLimitsValidator>();
        silo.AddIncomingGrainCallFilter<CommandLimitFilter>();
        return silo;
    }
}
