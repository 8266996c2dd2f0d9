using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Diagnostics.HealthChecks;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Console;
using Microsoft.Extensions.Options;
using Orleans.Configuration;
using Orleans.Dashboard;
using Orleans.Hosting;
using Twin.Api;
using Twin.Api.Security;
using Twin.Grains.Ingest;
using Twin.Grains.Telemetry;
using Twin.Grains.Twins;
using Twin.Hosting.Diagnostics;
using Twin.Hosting.Configuration;
using Twin.Hosting.Dashboard;
using Twin.Hosting.Health;
using Twin.Hosting.Pipeline;
using Twin.Hosting.Providers;
using Twin.Hosting.Security;
using Twin.Hosting.Startup;
using Twin.Hosting.Telemetry;

namespace Twin.Hosting;

/// <summary>Registers the whole Twin silo host: Orleans, providers by profile, dashboard, health, REST API.</summary>
public static class TwinPlatformExtensions
{
    private const string ReadyTag = "ready";

    /// <summary>
    /// Configures the silo from configuration ("Twin" section and ConnectionStrings:Twin).
    /// Throws <see cref="TwinConfigurationException"/> with one operator-facing line when a setting is wrong.
    /// </summary>
    public static WebApplicationBuilder AddTwinPlatform(this WebApplicationBuilder builder)
    {
        var configuration = builder.Configuration;
        var profile = TwinProfileSelector.Select(configuration);
        var options = BindHostOptions(configuration);
        var connectionString = configuration.GetConnectionString(TwinProfileSelector.ConnectionStringName);
        if (profile == TwinProfile.Postgres)
        {
            Preflight.ParseConnectionString(connectionString!);
        }

        var tls = ClusterTls.Read(configuration);
        var platform = new TwinPlatformInfo(profile, options, profile == TwinProfile.Postgres ? Preflight.ForSiloPools(connectionString!) : null, tls.Certificates is not null);
        builder.Services.AddSingleton(platform);
        builder.Services.AddSingleton<IValidateOptions<TwinHostOptions>, TwinHostOptionsValidator>();
        builder.Services.AddOptions<TwinHostOptions>()
            .Bind(configuration.GetSection(TwinHostOptions.SectionName))
            .ValidateOnStart();
        builder.Services.AddTwinOptions(configuration);
        Twin.Grains.Webhooks.WebhookServices.AddTwinWebhooks(builder.Services, configuration);
        Twin.Grains.Kpis.KpiServices.AddTwinKpis(builder.Services, configuration);
        Twin.Grains.Machines.MaintenanceServices.AddTwinMaintenance(builder.Services, configuration);
        // Orleans stops grains and leaves the cluster on SIGTERM / Ctrl+C; give it time to hand over.
        builder.Services.Configure<HostOptions>(o => o.ShutdownTimeout = TimeSpan.FromSeconds(30));

        builder.WebHost.UseUrls([.. options.ParsedHttpUrls]);
        builder.UseOrleans(silo =>
        {
            ConfigureSilo(silo, platform);
            // Every twin command, whichever way it came (REST, client SDK, ERP sync), is held to Twin:Api:Limits before the twin runs it.
            silo.AddTwinCommandLimits(configuration);
            if (tls.Certificates is { } certificates)
            {
                ClusterTls.Apply(silo, tls.Options, certificates);
            }
        });

        var health = builder.Services.AddHealthChecks()
            .AddCheck<ClusterMembershipHealthCheck>("cluster", tags: [ReadyTag]);
        if (platform.ConnectionString is { } cs)
        {
            health.AddCheck("database", new DatabaseHealthCheck(cs), tags: [ReadyTag]);
        }

        builder.Services.AddTwinApi(configuration, generateDevelopmentKey: profile == TwinProfile.Embedded);
        builder.Services.AddTwinPipeline(configuration);
        builder.Services.AddTwinTelemetry(configuration, builder.Logging);
        // Orleans' watchdog measures its first check from the machine's boot, so every start warned of a stall as
        // long as the machine's uptime ("has not completed for 01:39:08"). Its errors still come through.
        builder.Logging.AddFilter("Orleans.Runtime.Watchdog", LogLevel.Error);
        ShutdownLogQuieting.Add(builder.Logging, builder.Services);
        builder.Logging.AddConsoleFormatter<TwinConsoleFormatter, ConsoleFormatterOptions>();
        // The plant's console format unless Logging:Console:FormatterName names another ("simple", "json").
        builder.Services.PostConfigure<ConsoleLoggerOptions>(o => o.FormatterName ??= TwinConsoleFormatter.FormatName);
        builder.Services.AddHostedService<StartupBanner>();
        return builder;
    }

    /// <summary>Maps the dashboard (/dashboard), health (/health/live, /health/ready), the REST API and /metrics.</summary>
    public static WebApplication MapTwinPlatform(this WebApplication app)
    {
        app.UseTwinApiSecurity();
        app.UseDashboardAddressGuard();
        // Liveness: the process answers HTTP. Readiness: joined the cluster (and the database answers).
        app.MapHealthChecks("/health/live", new HealthCheckOptions { Predicate = _ => false }).AllowAnonymous();
        app.MapHealthChecks("/health/ready", new HealthCheckOptions { Predicate = c => c.Tags.Contains(ReadyTag) }).AllowAnonymous();
        // Grain types, silo addresses and the live silo log are for operators: a key or a /login session.
        app.MapOrleansDashboard(routePrefix: "/dashboard").RequireAuthorization(TwinPolicies.Operations);
        app.MapTwinApi();
        app.MapTwinTelemetry();
        return app;
    }

    /// <summary>
    /// Checks what an operator can fix (settings, ports, database and its schema) and then runs
    /// the silo until SIGTERM or Ctrl+C, which stop it gracefully.
    /// </summary>
    public static async Task RunTwinAsync(this WebApplication app, CancellationToken cancellationToken = default)
    {
        // Resolving the options runs their validators now, before anything listens.
        var options = app.Services.GetRequiredService<IOptions<TwinHostOptions>>().Value;
        // Every other ValidateOnStart option and the plant files are checked here too: failing inside the host's
        // start printed "Hosting failed to start" with a stack trace before the one line an operator needs.
        app.Services.GetService<IStartupValidator>()?.Validate();
        _ = app.Services.GetService<PlantConfigurationCatalog>();
        var platform = app.Services.GetRequiredService<TwinPlatformInfo>();
        Preflight.CheckPortsFree(options);
        if (platform.ConnectionString is { } cs)
        {
            await Preflight.CheckDatabaseAsync(cs, cancellationToken);
        }

        await app.RunAsync(cancellationToken);
    }

    private static void ConfigureSilo(ISiloBuilder silo, TwinPlatformInfo platform)
    {
        var options = platform.Options;
        silo.Configure<ClusterOptions>(o =>
        {
            o.ClusterId = options.ClusterId;
            o.ServiceId = options.ServiceId;
        });
        if (platform.Profile == TwinProfile.Embedded)
        {
            silo.UseLocalhostClustering(options.SiloPort, options.GatewayPort, serviceId: options.ServiceId, clusterId: options.ClusterId);
            silo.AddTwinMemoryProviders();
        }
        else
        {
            // Bound to the advertised address only: the cluster ports are not for every network the machine is on
            // (Twin:ListenOnAllInterfaces for a container whose advertised address is NAT'ed).
            silo.ConfigureEndpoints(options.ParsedAdvertisedAddress, options.SiloPort, options.GatewayPort, listenOnAnyHostAddress: options.ListenOnAllInterfaces);
            // A crashed silo's grains are unreachable until the cluster declares it dead. The 5 s
            // initial probe timeout (3 missed probes) took 8-12 s on a loaded 2-core machine; 2 s
            // brings the declaration to ~2-4.5 s. Probes adapt up to 4x on slow networks, limiting false
            // suspicions. The rest of the ERP failover budget (10 s): docs/erp-outbox.md, "Failover".
            silo.Configure<ClusterMembershipOptions>(o => o.ProbeTimeout = TimeSpan.FromSeconds(2));
            silo.AddTwinPostgresProviders(platform.ConnectionString!);
        }

        // The dashboard samples every Orleans and runtime instrument into its charts through its own periodic metric
        // reader; at its default of once a second that was 3.8 % of the silo's CPU samples while it served REST reads
        // (dotnet-trace cpu-sampling, twin-scale, 2026-12-03), with nobody looking. Every 5 s keeps the charts live
        // for a person and, with the default 100 samples, shows the last ~8 minutes instead of ~100 s.
        silo.AddDashboard(o => o.CounterUpdateIntervalMs = 5_000);
        // Activity.Current flows through grain calls, so a trace runs from a Publish response through the twins to
        // the ERP post. Spans are created only when a listener samples them (Twin:Telemetry).
        silo.AddActivityPropagation();
        // What a twin logs while handling a command or event carries that work's correlation id.
        silo.AddIncomingGrainCallFilter<CorrelationLogFilter>();
    }

    private static TwinHostOptions BindHostOptions(IConfiguration configuration)
    {
        var section = configuration.GetSection(TwinHostOptions.SectionName);
        RejectUnknownSettings(section);
        var options = new TwinHostOptions();
        try
        {
            section.Bind(options);
        }
        catch (InvalidOperationException e)
        {
            throw new TwinConfigurationException(DescribeBindingError(e));
        }

        var result = new TwinHostOptionsValidator().Validate(null, options);
        if (result.Failed)
        {
            throw new TwinConfigurationException(result.Failures.First());
        }

        return options;
    }

    /// <summary>
    /// A misspelt host setting (Twin:SiloPrt) would otherwise be ignored silently. Only plain values
    /// directly under "Twin" are checked: sub-sections (Twin:Api, Twin:Erp, ...) belong to other parts.
    /// </summary>
    private static void RejectUnknownSettings(IConfigurationSection section)
    {
        var known = typeof(TwinHostOptions).GetProperties().Select(p => p.Name).ToHashSet(StringComparer.OrdinalIgnoreCase);
        foreach (var child in section.GetChildren())
        {
            if (child.Value is not null && !child.GetChildren().Any() && !known.Contains(child.Key))
            {
                throw new TwinConfigurationException(
                    $"Unknown setting Twin:{child.Key}; the host settings are Twin:ClusterId, ServiceId, SiloPort, GatewayPort, AdvertisedAddress, ListenOnAllInterfaces, HttpUrls and Profile: fix the name in appsettings, the environment or the command line.");
            }
        }
    }

    private static string DescribeBindingError(InvalidOperationException e)
    {
        var message = e.Message.Split('\n')[0].Trim();
        return $"{message.TrimEnd('.')}; fix the value in appsettings, the environment or the command line.";
    }
}
