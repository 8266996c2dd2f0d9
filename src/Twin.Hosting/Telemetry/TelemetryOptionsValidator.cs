using Microsoft.Extensions.Options;

namespace Twin.Hosting.Telemetry;

/// <summary>Checks the telemetry settings at start, each error naming the setting and what to write instead.</summary>
internal sealed class TelemetryOptionsValidator : IValidateOptions<TelemetryOptions>
{
    public ValidateOptionsResult Validate(string? name, TelemetryOptions options)
    {
        var errors = new List<string>();
        if (!string.IsNullOrWhiteSpace(options.OtlpEndpoint)
            && (!Uri.TryCreate(options.OtlpEndpoint, UriKind.Absolute, out var uri) || uri.Scheme is not ("http" or "https")))
        {
            errors.Add($"{TelemetryOptions.Section}:OtlpEndpoint is '{options.OtlpEndpoint}'; write the collector's address, e.g. http://otel-collector:4317.");
        }

        if (options.OtlpProtocol is not ("grpc" or "http/protobuf"))
        {
            errors.Add($"{TelemetryOptions.Section}:OtlpProtocol is '{options.OtlpProtocol}'; use grpc or http/protobuf.");
        }

        if (double.IsNaN(options.TraceSampleRatio) || options.TraceSampleRatio is < 0 or > 1)
        {
            errors.Add($"{TelemetryOptions.Section}:TraceSampleRatio is {options.TraceSampleRatio}; use a share between 0 and 1 (0.05 keeps one trace in twenty).");
        }

        if (string.IsNullOrWhiteSpace(options.ServiceName))
        {
            errors.Add($"{TelemetryOptions.Section}:ServiceName is empty; name the service, e.g. twin-silo.");
        }

        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }
}
