using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Orleans.Configuration;
using Twin.Contracts;
using Twin.Contracts.Security;

namespace Twin.Client;

/// <summary>Registers the Twin client SDK on a .NET host.</summary>
public static class TwinClientRegistration
{
    /// <summary>
    /// Adds an Orleans client connected to the Twin cluster and the typed facade <see cref="ITwinClient"/>.
    /// Settings come from <c>Twin:Client</c> (and <c>ConnectionStrings:Twin</c>), then <paramref name="configure"/>.
    /// </summary>
    /// <example>
    /// <code>
    /// var builder = Host.CreateApplicationBuilder(args);
    /// builder.AddTwinClient(o => o.GatewayPort = 30000);
    /// using var host = builder.Build();
    /// await host.StartAsync();
    /// var twins = host.Services.GetRequiredService&lt;ITwinClient&gt;();
    /// </code>
    /// </example>
    public static IHostApplicationBuilder AddTwinClient(this IHostApplicationBuilder builder, Action<TwinClientOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.Services.AddTwinClient(builder.Configuration, configure);
        return builder;
    }

    /// <summary>
    /// Adds an Orleans client connected to the Twin cluster and the typed facade <see cref="ITwinClient"/>
    /// to <paramref name="services"/>. <paramref name="configuration"/> may be null when everything is set in code.
    /// </summary>
    public static IServiceCollection AddTwinClient(this IServiceCollection services, IConfiguration? configuration, Action<TwinClientOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(services);
        var options = new TwinClientOptions();
        configuration?.GetSection(TwinClientOptions.Section).Bind(options);
        if (string.IsNullOrWhiteSpace(options.ConnectionString))
        {
            options.ConnectionString = configuration?.GetConnectionString("Twin");
        }

        configure?.Invoke(options);
        Validate(options);

        var tls = string.IsNullOrWhiteSpace(options.TlsCertificatePath)
            ? null
            : ClusterCertificates.Load(TwinClientOptions.Section, options.TlsCertificatePath, options.TlsCertificatePassword,
                options.TlsTrustedAuthorityPath, options.TlsTrustedThumbprints);
        services.AddSingleton(options);
        services.AddOrleansClient(client =>
        {
            if (tls is not null)
            {
                // The silo must show a certificate of the cluster too: a look-alike gateway gets no commands.
                client.UseTls(tls.Own, o => o.RemoteCertificateValidation = (certificate, _, _) => tls.Accepts(certificate, out _));
            }

            if (options.UsesPostgreSql)
            {
                client.UseAdoNetClustering(o =>
                {
                    o.Invariant = "Npgsql";
                    o.ConnectionString = options.ConnectionString;
                });
                client.Configure<ClusterOptions>(o =>
                {
                    o.ClusterId = options.ClusterId;
                    o.ServiceId = options.ServiceId;
                });
                client.AddAdoNetStreams(TwinProviders.Streams, o =>
                {
                    o.Invariant = "Npgsql";
                    o.ConnectionString = options.ConnectionString;
                });
                client.AddAdoNetStreams(TwinProviders.ErpStreams, o =>
                {
                    o.Invariant = "Npgsql";
                    o.ConnectionString = options.ConnectionString;
                });
            }
            else
            {
                client.UseLocalhostClustering(options.GatewayPort, options.ServiceId, options.ClusterId);
                client.AddMemoryStreams(TwinProviders.Streams);
                client.AddMemoryStreams(TwinProviders.ErpStreams);
            }

            client.Configure<ClientMessagingOptions>(o => o.ResponseTimeout = options.ResponseTimeout);
        });
        services.AddSingleton<ITwinClient, TwinClient>();
        return services;
    }

    private static void Validate(TwinClientOptions options)
    {
        var errors = new List<string>();
        if (options.GatewayPort is < 1 or > 65535)
        {
            errors.Add($"{TwinClientOptions.Section}:GatewayPort must be 1-65535 (was {options.GatewayPort}).");
        }

        if (string.IsNullOrWhiteSpace(options.ClusterId) || string.IsNullOrWhiteSpace(options.ServiceId))
        {
            errors.Add($"{TwinClientOptions.Section}:ClusterId and ServiceId must be set and match the silos'.");
        }

        if (options.ResponseTimeout <= TimeSpan.Zero || options.ResponseTimeout > TimeSpan.FromMinutes(5))
        {
            errors.Add($"{TwinClientOptions.Section}:ResponseTimeout must be between 0 and 5 minutes (was {options.ResponseTimeout}).");
        }

        if (errors.Count > 0)
        {
            throw new InvalidOperationException("Twin client settings are invalid: " + string.Join(" ", errors));
        }
    }
}
