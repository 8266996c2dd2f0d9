using System.CommandLine;

namespace Twin.Cli.Api;

/// <summary>
/// Runs one REST command: reads the silo address, key and plant from the options and the environment, and turns
/// every failure into one line on stderr with exit code 1 (the silo refused or could not be reached) or 2 (the
/// command line or the environment is wrong) — the same style as <c>twin opcua</c>.
/// </summary>
internal static class ApiCommandRunner
{
    public static async Task<int> RunAsync(
        ParseResult parse, ApiOptions options, Func<ApiContext, CancellationToken, Task<int>> work, CancellationToken cancellationToken, bool needsPlant = true)
    {
        var output = parse.InvocationConfiguration.Output;
        var error = parse.InvocationConfiguration.Error;
        try
        {
            var environment = options.Environment;
            var url = SiloAddress(parse.GetValue(options.Url) ?? environment[CliEnvironment.UrlVariable] ?? ApiOptions.DefaultUrl);
            var key = environment[CliEnvironment.ApiKeyVariable]
                ?? throw CliFailure.Usage($"No API key: set {CliEnvironment.ApiKeyVariable} to a key the silo accepts (an embedded silo without configured keys prints a development key at start).");
            var plant = needsPlant ? Plant(parse.GetValue(options.Plant) ?? environment[CliEnvironment.PlantVariable]) : string.Empty;
            using var client = new TwinApiClient(url, key.Trim(), TimeSpan.FromSeconds(parse.GetValue(options.Timeout)));
            return await work(new ApiContext(client, plant, parse.GetValue(options.Json), output, error, parse), cancellationToken);
        }
        catch (CliFailure failure)
        {
            await error.WriteLineAsync(failure.Message);
            return failure.ExitCode;
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // Ctrl+C: what the silo already took (a replay) stays done; say so instead of a stack trace.
            await error.WriteLineAsync("Interrupted; anything the silo had already accepted stays done.");
            return TwinCommandLine.Failed;
        }
    }

    private static Uri SiloAddress(string text)
    {
        if (!Uri.TryCreate(text, UriKind.Absolute, out var uri) || (uri.Scheme != Uri.UriSchemeHttp && uri.Scheme != Uri.UriSchemeHttps))
        {
            throw CliFailure.Usage($"'{text}' is not the silo's HTTP address; give one like {ApiOptions.DefaultUrl} (--url or {CliEnvironment.UrlVariable}).");
        }

        // A trailing slash so relative API paths land below a path base (a silo behind a reverse proxy at /twin/).
        return uri.AbsolutePath.EndsWith('/') ? uri : new Uri(uri.AbsoluteUri + "/");
    }

    private static string Plant(string? plant) =>
        string.IsNullOrWhiteSpace(plant)
            ? throw CliFailure.Usage($"Which plant? Give --plant <id> or set {CliEnvironment.PlantVariable}.")
            : plant.Trim();
}
