using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Twin.Erp.Connector;

namespace Twin.Erp.Tests.Connector;

/// <summary>A connector as a silo gets it: chosen by Erp:Connector:Kind from configuration, in its own service provider.</summary>
internal abstract class ConfiguredConnectorHost : IAsyncDisposable
{
    private readonly ServiceProvider _services;

    protected ConfiguredConnectorHost(Dictionary<string, string?> settings, IDictionary<string, string?>? overrides)
    {
        foreach (var (key, value) in overrides ?? new Dictionary<string, string?>())
        {
            settings[key] = value;
        }

        var configuration = new ConfigurationBuilder().AddInMemoryCollection(settings).Build();
        var services = new ServiceCollection().AddErpConnector(configuration.GetSection("Erp:Connector"));
        if (configuration.GetSection("Erp:Inbound").Exists())
        {
            services.AddErpInbound(configuration.GetSection("Erp:Inbound"));
        }

        _services = services.BuildServiceProvider(validateScopes: true);
        Connector = _services.GetRequiredService<IErpConnector>();
    }

    public IErpConnector Connector { get; }

    /// <summary>The order poller (when the settings have an Erp:Inbound section).</summary>
    public Twin.Erp.Inbound.ErpOrderPoller OrderPoller => _services.GetRequiredService<Twin.Erp.Inbound.ErpOrderPoller>();

    public ValueTask DisposeAsync() => _services.DisposeAsync();
}
