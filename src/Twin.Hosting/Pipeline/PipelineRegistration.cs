using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Orleans.Runtime;
using Twin.Erp.Http;
using Twin.Grains.Erp;
using Twin.Grains.Ingest;

namespace Twin.Hosting.Pipeline;

/// <summary>
/// Registers the shop-floor-to-ERP pipeline: OPC UA ingest from the plant configuration files ("Ingest"),
/// ERP-sync pacing ("Erp:Sync"), the ERP outbox limits ("Erp:Outbox"), the posting window ("Erp:Posting") and the ERP connector
/// ("Erp:Connector", only when a BaseUrl is set — without one, ERP transactions wait in their queue; "Erp:Connector:Kind" picks
/// twin-json or sap-s4).
/// </summary>
public static class PipelineRegistration
{
    public static IServiceCollection AddTwinPipeline(this IServiceCollection services, IConfiguration configuration)
    {
        if (services.Any(d => d.ServiceType == typeof(PlantConfigurationCatalog)))
        {
            return services; // Already added (e.g. by the platform and again by a host): once is enough.
        }

        services.AddOptions<IngestOptions>().Bind(configuration.GetSection(IngestOptions.SectionName))
            .Validate(o => o.MaxBufferedBatches >= 1, $"{IngestOptions.SectionName}:MaxBufferedBatches must be at least 1.")
            .Validate(o => o.ConnectRetryDelay > TimeSpan.Zero && o.MaxConnectRetryDelay >= o.ConnectRetryDelay,
                $"{IngestOptions.SectionName}:ConnectRetryDelay must be positive and not above MaxConnectRetryDelay.")
            .Validate(o => o.KeepAlivePeriod >= TimeSpan.FromMinutes(1), $"{IngestOptions.SectionName}:KeepAlivePeriod must be at least 00:01:00 (Orleans reminders).")
            .ValidateOnStart();
        services.AddOptions<ErpSyncOptions>().Bind(configuration.GetSection(ErpSyncOptions.SectionName))
            .Validate(o => o.PumpInterval >= TimeSpan.FromMilliseconds(10) && o.PumpInterval <= TimeSpan.FromMinutes(1),
                $"{ErpSyncOptions.SectionName}:PumpInterval must be between 00:00:00.010 and 00:01:00.")
            .Validate(o => o.KeepAlivePeriod >= TimeSpan.FromMinutes(1), $"{ErpSyncOptions.SectionName}:KeepAlivePeriod must be at least 00:01:00 (Orleans reminders).")
            .Validate(o => o.StoreRetryBudget >= TimeSpan.FromMilliseconds(100) && o.StoreRetryBudget <= TimeSpan.FromMinutes(10),
                $"{ErpSyncOptions.SectionName}:StoreRetryBudget must be between 00:00:00.100 and 00:10:00.")
            .ValidateOnStart();
        services.AddErpOutboxOptions(configuration.GetSection("Erp:Outbox"));
        services.AddErpPostingOptions(configuration.GetSection(Twin.Erp.Posting.ErpPostingOptions.SectionName));

        var connector = configuration.GetSection(HttpErpConnectorOptions.SectionName);
        if (!string.IsNullOrWhiteSpace(connector[nameof(HttpErpConnectorOptions.BaseUrl)]))
        {
            services.AddErpConnector(connector);
        }

        // Production orders flowing in: only when plants are named (and then the connector must read orders).
        var inbound = configuration.GetSection(Twin.Erp.Inbound.ErpInboundOptions.SectionName);
        if (inbound.GetSection(nameof(Twin.Erp.Inbound.ErpInboundOptions.Plants)).GetChildren().Any())
        {
            services.AddErpInbound(inbound);
        }

        // Loaded when the silo starts, so a wrong plant file stops it with one clear line.
        services.TryAddSingleton<PlantConfigurationCatalog>();
        services.TryAddSingleton<Twin.Api.PlantView.IPlantNames, ConfiguredPlantNames>();
        services.AddSingleton<ILifecycleParticipant<ISiloLifecycle>, PipelineStarter>();
        return services;
    }

    /// <summary>True when an ERP address is configured (for the start banner and the demo).</summary>
    public static bool HasErpConnector(IConfiguration configuration) =>
        !string.IsNullOrWhiteSpace(configuration[$"{HttpErpConnectorOptions.SectionName}:{nameof(HttpErpConnectorOptions.BaseUrl)}"]);
}
