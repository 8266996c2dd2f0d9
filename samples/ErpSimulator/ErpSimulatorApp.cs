using System.Text.Json.Serialization;
using ErpSimulator.Apis;
using ErpSimulator.Audit;
using ErpSimulator.Booking;
using ErpSimulator.Faults;
using ErpSimulator.MasterData;
using Microsoft.Extensions.Options;

namespace ErpSimulator;

/// <summary>Builds the simulated ERP, for the standalone process and for tests that host it in-process.</summary>
public static class ErpSimulatorApp
{
    /// <summary>
    /// Builds (does not start) the simulator. <paramref name="args"/> are command-line settings, e.g.
    /// <c>--urls http://127.0.0.1:0 --ErpSimulator:AcceptAll=true</c>; <paramref name="configure"/> may add more.
    /// </summary>
    public static WebApplication Build(string[] args, Action<WebApplicationBuilder>? configure = null)
    {
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions
        {
            Args = args,
            ApplicationName = typeof(ErpSimulatorApp).Assembly.GetName().Name,
            ContentRootPath = AppContext.BaseDirectory,
        });
        configure?.Invoke(builder);

        builder.Services.AddOptions<ErpSimulatorOptions>()
            .Bind(builder.Configuration.GetSection(ErpSimulatorOptions.SectionName))
            .Validate(o => o.MaxBatchSize >= 1, $"{ErpSimulatorOptions.SectionName}:MaxBatchSize must be at least 1.")
            .Validate(o => !string.IsNullOrWhiteSpace(o.ApiKeyHeader), $"{ErpSimulatorOptions.SectionName}:ApiKeyHeader must name a header, e.g. Authorization.")
            .ValidateOnStart();
        builder.Services.ConfigureHttpJsonOptions(o => o.SerializerOptions.Converters.Add(new JsonStringEnumConverter()));
        builder.Services.AddProblemDetails();
        builder.Services.AddSingleton(TimeProvider.System);
        builder.Services.AddSingleton<MasterDataCatalog>();
        builder.Services.AddSingleton<BookingLedger>();
        builder.Services.AddSingleton<FaultInjector>();
        builder.Services.AddSingleton<SimulatorStats>();

        var app = builder.Build();
        MasterDataSeed.Apply(
            app.Services.GetRequiredService<MasterDataCatalog>(),
            app.Services.GetRequiredService<IOptions<ErpSimulatorOptions>>().Value,
            app.Services.GetRequiredService<IOptions<Microsoft.AspNetCore.Http.Json.JsonOptions>>().Value.SerializerOptions);

        app.MapGet("/health", () => "ok");
        app.MapBookingApi();
        app.MapStockApi();
        app.MapAdminApi();
        app.MapAuditApi();
        return app;
    }
}
