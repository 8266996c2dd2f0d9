using Microsoft.Extensions.DependencyInjection;

namespace Twin.Grains.Twins;

/// <summary>The clock grains use: the host's TimeProvider (a FakeTimeProvider in tests), else the system clock.</summary>
internal static class GrainClock
{
    public static TimeProvider From(IServiceProvider services) => services.GetService<TimeProvider>() ?? TimeProvider.System;
}
