using Microsoft.Extensions.DependencyInjection;
using Twin.Erp.Connector;
using Twin.Erp.Http;

namespace Twin.Erp.Tests.Connector;

/// <summary>A connector with its own service provider (so its circuit breaker and rate gate are its own), tuned for quick tests.</summary>
internal sealed class ConnectorHost : IAsyncDisposable
{
    private readonly ServiceProvider _services;

    public ConnectorHost(Uri baseAddress, Action<HttpErpConnectorOptions>? tune = null)
    {
        _services = new ServiceCollection()
            .AddErpConnector(o =>
            {
                o.BaseUrl = baseAddress.ToString();
                o.RetryBaseDelay = TimeSpan.FromMilliseconds(20);
                o.MaxRetryAttempts = 3;
                o.AttemptTimeout = TimeSpan.FromSeconds(5);
                o.TotalTimeout = TimeSpan.FromSeconds(20);
                tune?.Invoke(o);
            })
            .BuildServiceProvider(validateScopes: true);
        Connector = _services.GetRequiredService<IErpConnector>();
    }

    public IErpConnector Connector { get; }

    public IServiceProvider Services => _services;

    public ValueTask DisposeAsync() => _services.DisposeAsync();
}
