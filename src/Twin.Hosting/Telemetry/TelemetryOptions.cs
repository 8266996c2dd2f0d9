namespace Twin.Hosting.Telemetry;

/// <summary>OpenTelemetry settings of the silo, bound from <c>Twin:Telemetry</c>.</summary>
public sealed class TelemetryOptions
{
    /// <summary>The configuration section these options come from.</summary>
    public const string Section = "Twin:Telemetry";

    /// <summary>OTLP collector address (e.g. <c>http://otel-collector:4317</c>); traces, metrics and logs are exported there. None: no export.</summary>
    public string? OtlpEndpoint { get; set; }

    /// <summary>OTLP transport: <c>grpc</c> (port 4317) or <c>http/protobuf</c> (port 4318).</summary>
    public string OtlpProtocol { get; set; } = "grpc";

    /// <summary>Record traces. Default: on when <see cref="OtlpEndpoint"/> is set.</summary>
    public bool? Tracing { get; set; }

    /// <summary>
    /// Share of Publish responses, API requests and ERP posts whose trace is kept (0–1). A plant sends thousands of
    /// Publish responses a minute; 5 % keeps the collector's load small and still shows every path many times a minute.
    /// The decision is made at the start of a trace and followed by all its spans, so kept traces are complete.
    /// </summary>
    public double TraceSampleRatio { get; set; } = 0.05;

    /// <summary>Serve the Prometheus scrape endpoint <c>/metrics</c> (operator or admin key, or a /login session).</summary>
    public bool Prometheus { get; set; } = true;

    /// <summary>The service name in exported telemetry.</summary>
    public string ServiceName { get; set; } = "twin-silo";

    /// <summary>True when traces are recorded.</summary>
    public bool TracingEnabled => Tracing ?? !string.IsNullOrWhiteSpace(OtlpEndpoint);
}
