using System.CommandLine;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Options;
using Npgsql;
using Twin.Domain.Ingest;
using Twin.Hosting.Configuration;
using Twin.Hosting.Schema;
using Twin.Hosting.Startup;

namespace Twin.Hosting.CommandLine;

/// <summary>
/// The Silo's command line: no command runs the silo, `db migrate` creates or upgrades the
/// PostgreSQL schema. Options, and any setting written as `--Section:Key=value`, override appsettings
/// and environment variables; a named option wins over the same setting in colon form. Every problem an
/// operator can fix ends in one line on stderr and a non-zero exit code, never a stack trace.
/// </summary>
public static class TwinSiloCommandLine
{
    /// <summary>Exit code for a configuration problem (setting, port, database).</summary>
    public const int ConfigurationError = 1;

    /// <summary>Exit code for a command line that cannot be parsed.</summary>
    public const int UsageError = 2;

    private static readonly (string Option, string Key, string Description)[] _settings =
    [
        ("--connection-string", TwinProfileSelector.ConnectionStringKey, "PostgreSQL connection string; selects the PostgreSQL profile."),
        ("--profile", TwinProfileSelector.ProfileKey, "embedded or postgres (default: postgres when a connection string is set)."),
        ("--cluster-id", "Twin:ClusterId", "Cluster id; silos with the same id form one cluster."),
        ("--service-id", "Twin:ServiceId", "Service id; grain state is keyed by it."),
        ("--silo-port", "Twin:SiloPort", "Silo-to-silo port."),
        ("--gateway-port", "Twin:GatewayPort", "Client gateway port."),
        ("--advertised-address", "Twin:AdvertisedAddress", "IP address other silos and clients use to reach this silo."),
        ("--urls", "Twin:HttpUrls", "HTTP URL(s) for dashboard, health and API, separated by ';'."),
    ];

    /// <summary>Parses <paramref name="args"/> and runs the silo or the chosen command.</summary>
    /// <param name="args">The process arguments.</param>
    /// <param name="runSilo">Builds and runs the silo with the given setting overrides.</param>
    public static async Task<int> InvokeAsync(string[] args, Func<IReadOnlyDictionary<string, string?>, CancellationToken, Task> runSilo)
    {
        SettingArguments split;
        try
        {
            split = SettingArguments.Split(args);
        }
        catch (ArgumentException e)
        {
            await Console.Error.WriteLineAsync(e.Message);
            return UsageError;
        }

        var options = _settings.ToDictionary(s => s.Option, s => new Option<string>(s.Option)
        {
            Description = s.Description,
            Recursive = true,
        });

        var root = new RootCommand("Twin silo: digital twins of the plant on Microsoft Orleans. Any setting can also be given as --Section:Key=value (e.g. --Erp:Connector:BaseUrl=http://erp:8080).");
        foreach (var option in options.Values)
        {
            root.Options.Add(option);
        }

        var migrate = new Command("migrate", "Create or upgrade the Twin schema in the PostgreSQL database of ConnectionStrings:Twin.");
        var db = new Command("db", "Database commands.") { migrate };
        root.Subcommands.Add(db);

        Dictionary<string, string?> Overrides(ParseResult result)
        {
            var overrides = new Dictionary<string, string?>(split.Settings, StringComparer.OrdinalIgnoreCase);
            foreach (var (option, key, _) in _settings)
            {
                if (result.GetValue(options[option]) is { } value)
                {
                    overrides[key] = value;
                }
            }

            return overrides;
        }

        root.SetAction((result, ct) => Guard(() => runSilo(Overrides(result), ct)));
        db.SetAction(_ =>
        {
            Console.Error.WriteLine("`db` needs a command: `db migrate`. Run with --help to see commands.");
            return UsageError;
        });
        migrate.SetAction((result, ct) => Guard(() => MigrateAsync(Overrides(result), ct)));

        var parse = root.Parse(split.Remaining);
        if (parse.Errors.Count > 0)
        {
            await Console.Error.WriteLineAsync($"{parse.Errors[0].Message} Run with --help to see commands and options.");
            return UsageError;
        }

        // The host handles SIGTERM and Ctrl+C itself (graceful Orleans shutdown), so the
        // command line must not cancel or kill the process on those signals.
        return await parse.InvokeAsync(new InvocationConfiguration { ProcessTerminationTimeout = null });
    }

    private static async Task<int> Guard(Func<Task> action)
    {
        try
        {
            await action();
            return 0;
        }
        catch (Exception e) when (Describe(e) is { } line)
        {
            await Console.Error.WriteLineAsync(line);
            return ConfigurationError;
        }
    }

    /// <summary>Maps the exceptions an operator can fix to one line; anything else stays a bug with its trace.</summary>
    private static string? Describe(Exception e) => e switch
    {
        TwinConfigurationException c => c.Message,
        PlantConfigurationException p => p.Message,
        OptionsValidationException v => v.Failures.FirstOrDefault() ?? v.Message,
        IOException io when io.InnerException is System.Net.Sockets.SocketException { SocketErrorCode: System.Net.Sockets.SocketError.AddressAlreadyInUse } =>
            $"Twin:HttpUrls: {io.Message.TrimEnd('.')}; choose a free port or stop the other process.",
        System.Net.Sockets.SocketException { SocketErrorCode: System.Net.Sockets.SocketError.AddressAlreadyInUse } s =>
            $"Twin:SiloPort/Twin:GatewayPort: {s.Message.TrimEnd('.')}; choose free ports or stop the other process.",
        AggregateException { InnerExceptions.Count: 1 } a => Describe(a.InnerExceptions[0]),
        _ when e.InnerException is { } inner => Describe(inner),
        _ => null,
    };

    private static async Task MigrateAsync(IReadOnlyDictionary<string, string?> overrides, CancellationToken cancellationToken)
    {
        var configuration = new ConfigurationBuilder()
            .SetBasePath(AppContext.BaseDirectory)
            .AddJsonFile("appsettings.json", optional: true)
            .AddEnvironmentVariables()
            .AddInMemoryCollection(overrides)
            .Build();
        var connectionString = configuration.GetConnectionString(TwinProfileSelector.ConnectionStringName);
        if (string.IsNullOrWhiteSpace(connectionString))
        {
            throw new TwinConfigurationException(
                $"db migrate needs {TwinProfileSelector.ConnectionStringKey}: pass --connection-string \"Host=...;Database=twin;Username=...\" or set the environment variable ConnectionStrings__Twin.");
        }

        var builder = Preflight.ParseConnectionString(connectionString);
        IReadOnlyList<SchemaScript> applied;
        try
        {
            applied = await SchemaMigrator.MigrateAsync(connectionString, cancellationToken);
        }
        catch (NpgsqlException e)
        {
            throw new TwinConfigurationException(
                $"{TwinProfileSelector.ConnectionStringKey}: migrating database '{builder.Database}' on {builder.Host}:{builder.Port} failed ({e.Message.Split('\n')[0].Trim().TrimEnd('.')}); check the server, database and that the user may create tables.");
        }

        Console.WriteLine(applied.Count == 0
            ? $"Database '{builder.Database}' is already at schema version {TwinSchema.RequiredVersion}; nothing to do."
            : $"Database '{builder.Database}' migrated to schema version {TwinSchema.RequiredVersion} ({string.Join(", ", applied.Select(s => $"{s.Version:D4} {s.Name}"))}).");
    }
}
