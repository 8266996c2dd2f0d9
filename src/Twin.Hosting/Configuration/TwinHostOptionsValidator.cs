using System.Net;
using Microsoft.Extensions.Options;

namespace Twin.Hosting.Configuration;

/// <summary>Checks <see cref="TwinHostOptions"/> at start; each failure names its setting.</summary>
public sealed class TwinHostOptionsValidator : IValidateOptions<TwinHostOptions>
{
    public ValidateOptionsResult Validate(string? name, TwinHostOptions options)
    {
        var failures = new List<string>();
        if (string.IsNullOrWhiteSpace(options.ClusterId))
        {
            failures.Add("Twin:ClusterId is empty: give the cluster a name (silos with the same name form one cluster).");
        }

        if (string.IsNullOrWhiteSpace(options.ServiceId))
        {
            failures.Add("Twin:ServiceId is empty: set a stable service name (grain state is keyed by it).");
        }

        CheckPort(failures, "Twin:SiloPort", options.SiloPort);
        CheckPort(failures, "Twin:GatewayPort", options.GatewayPort);
        if (options.SiloPort == options.GatewayPort)
        {
            failures.Add($"Twin:SiloPort and Twin:GatewayPort are both {options.SiloPort}: give them different ports.");
        }

        if (!IPAddress.TryParse(options.AdvertisedAddress, out _))
        {
            failures.Add($"Twin:AdvertisedAddress '{options.AdvertisedAddress}' is not an IP address: set the address other silos reach this one on, e.g. 10.0.0.5.");
        }

        var urls = options.ParsedHttpUrls;
        if (urls.Count == 0)
        {
            failures.Add("Twin:HttpUrls is empty: set at least one URL, e.g. http://127.0.0.1:8080.");
        }

        foreach (var url in urls)
        {
            if (!Uri.TryCreate(url, UriKind.Absolute, out var uri) || (uri.Scheme != "http" && uri.Scheme != "https"))
            {
                failures.Add($"Twin:HttpUrls '{url}' is not an http(s) URL: use e.g. http://0.0.0.0:8080.");
            }
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }

    private static void CheckPort(List<string> failures, string key, int port)
    {
        if (port is < 1 or > 65535)
        {
            failures.Add($"{key} {port} is not a TCP port: use 1-65535.");
        }
    }
}
