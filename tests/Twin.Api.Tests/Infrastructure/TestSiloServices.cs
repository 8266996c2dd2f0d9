using Microsoft.Extensions.DependencyInjection;

namespace Twin.Api.Tests.Infrastructure;

/// <summary>Services the grains need besides Orleans itself (kept in one place so the fixture stays readable).</summary>
internal static class TestSiloServices
{
    public static void Add(IServiceCollection services) => _ = services;
}
