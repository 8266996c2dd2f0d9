using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using Twin.Erp.Connector;
using Twin.Erp.Dynamics;
using Twin.Erp.Http;
using Twin.Erp.Inbound;
using Twin.Erp.Outbox;
using Twin.Erp.Posting;
using Twin.Erp.Sap;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Registers the ERP connector <c>Erp:Connector:Kind</c> names, and the outbox settings.</summary>
public static class ErpConnectorServiceCollectionExtensions
{
    /// <summary>
    /// Registers the <see cref="IErpConnector"/> that <paramref name="section"/> (usually "Erp:Connector") names in
    /// <c>Kind</c>: <c>twin-json</c> (the default), <c>sap-s4</c> or <c>d365-scm</c>, with its settings and mapping tables bound from the
    /// section and checked at start. An unknown kind stops the host at start with one line naming the kinds there are.
    /// </summary>
    public static IServiceCollection AddErpConnector(this IServiceCollection services, IConfiguration section)
    {
        ArgumentNullException.ThrowIfNull(section);
        var kind = section["Kind"];
        switch (ErpConnectorKind.Normalize(kind))
        {
            case ErpConnectorKind.TwinJson:
                services.AddOptions<HttpErpConnectorOptions>().Bind(section);
                return services.AddErpConnectorCore();
            case ErpConnectorKind.SapS4:
                return services.AddSapS4Connector(section);
            case ErpConnectorKind.D365Scm:
                return services.AddD365ScmConnector(section);
            default:
                services.AddOptions<ErpConnectorKindCheck>().ValidateOnStart();
                services.AddSingleton<IValidateOptions<ErpConnectorKindCheck>>(new ErpConnectorKindValidator(kind!));
                return services;
        }
    }

    /// <summary>Registers <see cref="IErpConnector"/> with settings set in code, checked at start.</summary>
    public static IServiceCollection AddErpConnector(this IServiceCollection services, Action<HttpErpConnectorOptions> configure)
    {
        ArgumentNullException.ThrowIfNull(configure);
        services.AddOptions<HttpErpConnectorOptions>().Configure(configure);
        return services.AddErpConnectorCore();
    }

    /// <summary>
    /// Binds <see cref="ErpInboundOptions"/> from <paramref name="section"/> (usually "Erp:Inbound"), checked at start, and the
    /// poller of production orders over the <see cref="IErpOrderSource"/> the connector registered. Only the ERP-shaped
    /// connectors read orders: with <c>twin-json</c> naming plants here stops the host at start.
    /// </summary>
    public static IServiceCollection AddErpInbound(this IServiceCollection services, IConfiguration section)
    {
        ArgumentNullException.ThrowIfNull(section);
        services.AddOptions<ErpInboundOptions>().Bind(section).ValidateOnStart();
        services.TryAddSingleton<ErpOrderTranslator>();
        // An imported twin's id is its ERP number (unless the WorkOrders table names it): it goes out as it came in.
        services.PostConfigure<Twin.Erp.Mapping.ErpMappingOptions>(o => o.PassUnlistedWorkOrders = true);
        // Checked at start, not at the first poll: the connector registered before this either reads orders or it does not.
        var reads = services.Any(d => d.ServiceType == typeof(IErpOrderSource));
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<ErpInboundOptions>>(new ErpInboundOptionsValidator(reads)));
        services.TryAddSingleton(provider => new ErpOrderPoller(provider.GetRequiredService<IErpOrderSource>(), provider.GetRequiredService<ErpOrderTranslator>(),
            provider.GetRequiredService<Twin.Erp.Mapping.ErpMapping>(), provider.GetRequiredService<IOptions<ErpInboundOptions>>().Value));
        return services;
    }

    /// <summary>Binds <see cref="ErpOutboxOptions"/> from <paramref name="section"/> (usually "Erp:Outbox"), checked at start.</summary>
    public static IServiceCollection AddErpOutboxOptions(this IServiceCollection services, IConfiguration section)
    {
        ArgumentNullException.ThrowIfNull(section);
        services.AddOptions<ErpOutboxOptions>().Bind(section).ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<ErpOutboxOptions>, ErpOutboxOptionsValidator>());
        return services;
    }

    /// <summary>Binds <see cref="ErpPostingOptions"/> (the posting window) from <paramref name="section"/> (usually "Erp:Posting"), checked at start.</summary>
    public static IServiceCollection AddErpPostingOptions(this IServiceCollection services, IConfiguration section)
    {
        ArgumentNullException.ThrowIfNull(section);
        services.AddOptions<ErpPostingOptions>().Bind(section).ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<ErpPostingOptions>, ErpPostingOptionsValidator>());
        return services;
    }

    private static IServiceCollection AddErpConnectorCore(this IServiceCollection services)
    {
        services.AddOptions<HttpErpConnectorOptions>().ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<HttpErpConnectorOptions>, HttpErpConnectorOptionsValidator>());
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton<ErpRateGate>();
        services.TryAddSingleton<ErpConnectorTelemetry>();
        services.AddLogging();
        services.AddMetrics();

        services.AddHttpClient(HttpErpConnector.HttpClientName, (provider, client) =>
            {
                // The pipeline's timeouts govern; this only stops a request that somehow escapes them.
                var settings = provider.GetRequiredService<IOptions<HttpErpConnectorOptions>>().Value;
                client.Timeout = settings.TotalTimeout + TimeSpan.FromSeconds(5);
            })
            .AddResilienceHandler(ErpResiliencePipeline.Name, (builder, context) =>
                ErpResiliencePipeline.Configure(
                    builder,
                    context.ServiceProvider.GetRequiredService<IOptions<HttpErpConnectorOptions>>().Value,
                    context.ServiceProvider.GetRequiredService<ErpRateGate>()));

        // The stock read side on a client of its own: a failing or missing stock endpoint must not open the posting circuit.
        services.AddHttpClient(HttpErpConnector.StockHttpClientName, (provider, client) =>
            client.Timeout = provider.GetRequiredService<IOptions<HttpErpConnectorOptions>>().Value.TotalTimeout);

        services.TryAddSingleton<IErpConnector, HttpErpConnector>();
        return services;
    }
}
