using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Twin.Api.Security;

/// <summary>
/// Prints the generated development key once, after Kestrel has bound its addresses, to the log
/// and to the console (a developer running <c>dotnet run --project Silo</c> may have logging filtered),
/// with a curl line that works as pasted.
/// </summary>
internal sealed class DevelopmentKeyAnnouncer(
    DevelopmentApiKey key,
    IServer server,
    IHostApplicationLifetime lifetime,
    ILogger<DevelopmentKeyAnnouncer> logger) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken)
    {
        lifetime.ApplicationStarted.Register(Announce);
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    private void Announce()
    {
        var address = server.Features.Get<IServerAddressesFeature>()?.Addresses.FirstOrDefault() ?? "http://localhost:5000";
        address = address.Replace("://+", "://localhost", StringComparison.Ordinal).Replace("://*", "://localhost", StringComparison.Ordinal)
            .Replace("://[::]", "://localhost", StringComparison.Ordinal).Replace("://0.0.0.0", "://localhost", StringComparison.Ordinal);
        // /api/me works as pasted on a fresh silo (no plant or twin ids needed) and shows the key's role.
        var curl = $"curl -H 'X-Api-Key: {key.Key}' {address.TrimEnd('/')}/api/me";
        logger.LogWarning(
            "No API key is configured ({Section}:Keys), so a development key with the admin role was generated for this run only: {Key}  Try: {Curl}",
            TwinApiOptions.Section, key.Key, curl);
        Console.WriteLine();
        Console.WriteLine("  Twin development API key (admin, valid until this silo stops):");
        Console.WriteLine($"    {key.Key}");
        Console.WriteLine($"  Try:  {curl}");
        Console.WriteLine($"  Configure real keys under {TwinApiOptions.Section}:Keys (name, hash = sha256:<hex of the key>, role).");
        Console.WriteLine();
    }
}
