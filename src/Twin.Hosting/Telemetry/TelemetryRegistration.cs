using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Npgsql;
using OpenTelemetry;
using OpenTelemetry.Exporter;
using OpenTelemetry.Logs;
using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;
using OpenTelemetry.Trace;
using Twin.Api.Security;
using Twin.Grains.Machines;
using Twin.Grains.Publishing;
using Twin.Grains.Telemetry;

namespace Twin.Hosting.Telemetry;

/// <summary>
/// OpenTelemetry for the silo: Twin's own meters and spans (ingest, machines, publishing, ERP sync, ERP connector),
/// Orleans' grain-call spans, ASP.NET Core, HttpClient and Npgsql; exported over OTLP when an endpoint is set, and
/// metrics scraped by Prometheus at <c>/metrics</c>.
/// </summary>
public static class TelemetryRegistration
{
    /// <summary>The meters Twin publishes.</summary>
    public static readonly string[] TwinMeters =
        [IngestMetrics.MeterName, MachineMetrics.MeterName, PublishingMetrics.MeterName, ErpSyncMetrics.MeterName, "Twin.Erp",
         Twin.Api.Feeds.ChangeFeedMetrics.MeterName, Twin.Grains.Kpis.KpiMetrics.MeterName];

    /// <summary>The activity sources whose spans Twin records: its own and Orleans' grain calls.</summary>
    public static readonly string[] TwinSources =
        [TwinActivities.SourceName, "Twin.Erp", "Microsoft.Orleans.Runtime", "Microsoft.Orleans.Application"];

    /// <summary>Registers traces, metrics and logs as <c>Twin:Telemetry</c> says.</summary>
    public static IServiceCollection AddTwinTelemetry(this IServiceCollection services, IConfiguration configuration, ILoggingBuilder logging)
    {
        services.AddOptions<TelemetryOptions>().Bind(configuration.GetSection(TelemetryOptions.Section)).ValidateOnStart();
        services.AddSingleton<IValidateOptions<TelemetryOptions>, TelemetryOptionsValidator>();
        var options = configuration.GetSection(TelemetryOptions.Section).Get<TelemetryOptions>() ?? new TelemetryOptions();
        var otlp = Uri.TryCreate(options.OtlpEndpoint, UriKind.Absolute, out var endpoint) ? endpoint : null;
        var protocol = options.OtlpProtocol == "http/protobuf" ? OtlpExportProtocol.HttpProtobuf : OtlpExportProtocol.Grpc;

        var telemetry = services.AddOpenTelemetry()
            .ConfigureResource(r => r.AddService(options.ServiceName, serviceInstanceId: Environment.MachineName))
            .WithMetrics(metrics =>
            {
                metrics.AddMeter(TwinMeters).AddMeter("Microsoft.Orleans")
                    .AddRuntimeInstrumentation().AddAspNetCoreInstrumentation().AddHttpClientInstrumentation();
                if (options.Prometheus)
                {
                    metrics.AddPrometheusExporter();
                }

                if (otlp is not null)
                {
                    metrics.AddOtlpExporter(o => (o.Endpoint, o.Protocol) = (otlp, protocol));
                }
            });

        if (options.TracingEnabled)
        {
            telemetry.WithTracing(tracing =>
            {
                tracing.AddSource(TwinSources)
                    .SetSampler(new ParentBasedSampler(new TraceIdRatioBasedSampler(options.TraceSampleRatio)))
                    // Probes and scrapes every few seconds are not worth a trace each.
                    .AddAspNetCoreInstrumentation(o => o.Filter = c => !IsHousekeeping(c.Request.Path))
                    .AddHttpClientInstrumentation()
                    .AddNpgsql();
                if (otlp is not null)
                {
                    tracing.AddOtlpExporter(o => (o.Endpoint, o.Protocol) = (otlp, protocol));
                }
            });
        }

        if (otlp is not null)
        {
            logging.AddOpenTelemetry(o =>
            {
                o.IncludeScopes = true;
                o.IncludeFormattedMessage = true;
                o.AddOtlpExporter(e => (e.Endpoint, e.Protocol) = (otlp, protocol));
            });
        }

        return services;
    }

    /// <summary>Maps <c>/metrics</c> (Prometheus text format) behind the operator policy, when enabled.</summary>
    public static IEndpointRouteBuilder MapTwinTelemetry(this IEndpointRouteBuilder endpoints)
    {
        var options = endpoints.ServiceProvider.GetRequiredService<IOptions<TelemetryOptions>>().Value;
        if (options.Prometheus)
        {
            endpoints.MapPrometheusScrapingEndpoint("/metrics").RequireAuthorization(TwinPolicies.Operations);
        }

        return endpoints;
    }

    private static bool IsHousekeeping(PathString path) =>
        path.StartsWithSegments("/metrics") || path.StartsWithSegments("/health") || path.StartsWithSegments("/dashboard");
}
