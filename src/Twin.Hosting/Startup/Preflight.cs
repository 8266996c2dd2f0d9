using System.Net;
using System.Net.Sockets;
using Npgsql;
using Twin.Hosting.Configuration;
using Twin.Hosting.Schema;

namespace Twin.Hosting.Startup;

/// <summary>
/// Checks an operator can fix before the silo starts, each turned into one clear line
/// (<see cref="TwinConfigurationException"/>) instead of a provider's stack trace later.
/// </summary>
public static partial class Preflight
{
    /// <summary>Fails when another process already listens on one of the silo's ports.</summary>
    public static void CheckPortsFree(TwinHostOptions options)
    {
        CheckPortFree("Twin:SiloPort", options.SiloPort);
        CheckPortFree("Twin:GatewayPort", options.GatewayPort);
        foreach (var url in options.ParsedHttpUrls)
        {
            CheckPortFree("Twin:HttpUrls", new Uri(url).Port, url);
        }
    }

    private static void CheckPortFree(string key, int port, string? shown = null)
    {
        try
        {
            // Any-address bind catches listeners on every interface, the way the silo binds.
            using var probe = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
            probe.Bind(new IPEndPoint(IPAddress.Any, port));
        }
        catch (SocketException e) when (e.SocketErrorCode is SocketError.AddressAlreadyInUse or SocketError.AccessDenied)
        {
            throw new TwinConfigurationException(
                $"{key} {shown ?? port.ToString(System.Globalization.CultureInfo.InvariantCulture)}: port {port} is already in use by another process; choose a free port or stop the other process.");
        }
    }

    /// <summary>Parses the connection string; names the setting when it is malformed.</summary>
    public static NpgsqlConnectionStringBuilder ParseConnectionString(string connectionString)
    {
        try
        {
            var builder = new NpgsqlConnectionStringBuilder(connectionString);
            if (string.IsNullOrWhiteSpace(builder.Host))
            {
                throw new ArgumentException("no Host given");
            }

            return builder;
        }
        catch (Exception e) when (e is ArgumentException or FormatException or KeyNotFoundException or InvalidCastException)
        {
            throw new TwinConfigurationException(
                $"{TwinProfileSelector.ConnectionStringKey} is malformed ({e.Message.TrimEnd('.')}): use the form \"Host=db.plant.local;Port=5432;Database=twin;Username=twin;Password=...\".");
        }
    }

    /// <summary>
    /// The connection string every pool of the silo uses: as configured, plus <c>No Reset On Close</c> unless the
    /// setting names it. Npgsql otherwise sends DISCARD ALL with each connection taken back from the pool — 70,000
    /// of them for 100,000 location creates, 8 % of PostgreSQL's statement time (directory benchmark,
    /// pg_stat_statements) — to clear session state Twin never sets (no SET, LISTEN, temporary tables, prepared
    /// statements or session advisory locks; the migration lock is transaction-scoped).
    /// </summary>
    public static string ForSiloPools(string connectionString)
    {
        if (NamesReset().IsMatch(connectionString))
        {
            return connectionString;
        }

        var builder = ParseConnectionString(connectionString);
        builder.NoResetOnClose = true;
        return builder.ConnectionString;
    }

    [System.Text.RegularExpressions.GeneratedRegex(@"no\s*reset\s*on\s*close", System.Text.RegularExpressions.RegexOptions.IgnoreCase)]
    private static partial System.Text.RegularExpressions.Regex NamesReset();

    /// <summary>
    /// Connects and reads the schema version. A database that cannot be reached, or whose schema
    /// is missing or older than this build, stops the start with the command that fixes it.
    /// </summary>
    public static async Task CheckDatabaseAsync(string connectionString, CancellationToken cancellationToken)
    {
        var builder = ParseConnectionString(connectionString);
        int? version;
        try
        {
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            timeout.CancelAfter(TimeSpan.FromSeconds(Math.Max(builder.Timeout, 5) + 2));
            version = await SchemaMigrator.ReadVersionAsync(connectionString, timeout.Token);
        }
        catch (Exception e) when (e is NpgsqlException or TimeoutException or OperationCanceledException or SocketException)
        {
            throw new TwinConfigurationException(
                $"{TwinProfileSelector.ConnectionStringKey}: cannot reach PostgreSQL at {builder.Host}:{builder.Port} database '{builder.Database}' ({Describe(e)}); check host, port, credentials and that the server runs.");
        }

        if (version is null || version < TwinSchema.RequiredVersion)
        {
            var found = version is null ? "has no Twin schema" : $"has schema version {version}";
            throw new TwinConfigurationException(
                $"Database '{builder.Database}' on {builder.Host}:{builder.Port} {found}, this silo needs version {TwinSchema.RequiredVersion}: run `{TwinSchema.MigrateCommand}` with the same ConnectionStrings:Twin, then start the silo again.");
        }

        if (version > TwinSchema.RequiredVersion)
        {
            throw new TwinConfigurationException(
                $"Database '{builder.Database}' has schema version {version}, newer than this silo understands ({TwinSchema.RequiredVersion}): run a newer Twin silo.");
        }
    }

    private static string Describe(Exception e)
    {
        var message = (e.InnerException is SocketException inner ? inner.Message : e.Message).Trim();
        var firstLine = message.Split('\n')[0].Trim();
        return firstLine.TrimEnd('.');
    }
}
