using System.Diagnostics;
using System.Globalization;
using Npgsql;
using Twin.Hosting.Schema;

namespace Twin.Benchmarks.Harness;

/// <summary>
/// A private PostgreSQL server for one benchmark measurement (initdb into a temp folder, pg_ctl on a free loopback
/// port, about a second), so durability is what the figure says it is, whatever the machine's test server is set
/// to: <c>durable</c> runs PostgreSQL's defaults (fsync, synchronous_commit and full_page_writes on, as a user runs
/// it); otherwise all three are off (throw-away data, as tests/tools/postgres.sh runs the test suite).
/// </summary>
public sealed class BenchPostgres : IAsyncDisposable
{
    private readonly string _folder;
    private readonly string _binDir;

    private BenchPostgres(string folder, string binDir, string adminConnectionString, bool durable)
    {
        _folder = folder;
        _binDir = binDir;
        AdminConnectionString = adminConnectionString;
        Durable = durable;
    }

    public string AdminConnectionString { get; }

    public bool Durable { get; }

    /// <summary>The server's main process (first line of postmaster.pid), whose children are its backends.</summary>
    public int PostmasterPid => int.Parse(File.ReadLines(Path.Combine(_folder, "data", "postmaster.pid")).First(), CultureInfo.InvariantCulture);

    public string Label => Durable ? "PostgreSQL, durable (fsync on)" : "PostgreSQL, durability off";

    /// <param name="durable">PostgreSQL's defaults (fsync on); false turns durability off.</param>
    /// <param name="cancellationToken">Stops the start.</param>
    /// <param name="statements">
    /// Also load pg_stat_statements and time WAL and I/O (shared_preload_libraries, track_wal_io_timing,
    /// track_io_timing): a few per cent of overhead, so only for a run that profiles where PostgreSQL's time goes.
    /// </param>
    public static async Task<BenchPostgres> StartAsync(bool durable, CancellationToken cancellationToken, bool statements = false)
    {
        // Debian keeps the server binaries off PATH (/usr/lib/postgresql/<version>/bin); elsewhere initdb is on PATH.
        var binDir = (Directory.Exists("/usr/lib/postgresql")
                ? Directory.GetDirectories("/usr/lib/postgresql").OrderDescending(StringComparer.Ordinal).Select(d => Path.Combine(d, "bin")).FirstOrDefault(d => File.Exists(Path.Combine(d, "initdb")))
                : null)
            ?? (Environment.GetEnvironmentVariable("PATH") ?? "").Split(Path.PathSeparator).FirstOrDefault(d => d.Length > 0 && File.Exists(Path.Combine(d, "initdb")));
        if (binDir is null)
        {
            throw new InvalidOperationException("PostgreSQL server binaries are missing (/usr/lib/postgresql/*/bin/initdb): apt-get install -y postgresql (tests/run-all.sh does).");
        }

        var folder = Directory.CreateTempSubdirectory("twin-bench-pg-").FullName;
        var asPostgres = Environment.UserName == "root";
        if (asPostgres)
        {
            await RunAsync("chown", ["postgres", folder], cancellationToken);
        }

        var port = FreePorts.Next();
        var data = Path.Combine(folder, "data");
        await RunAsync(asPostgres ? "runuser" : Path.Combine(binDir, "initdb"),
            [.. Prefix(asPostgres, binDir, "initdb"), "-D", data, "-U", "postgres", "--auth=trust", "-E", "UTF8"], cancellationToken);
        var settings = new List<string>
        {
            "listen_addresses = '127.0.0.1'",
            $"port = {port.ToString(CultureInfo.InvariantCulture)}",
            $"unix_socket_directories = '{folder}'",
            "max_connections = 300",
        };
        if (statements)
        {
            settings.AddRange(["shared_preload_libraries = 'pg_stat_statements'", "pg_stat_statements.track = all", "track_wal_io_timing = on", "track_io_timing = on"]);
        }

        if (!durable)
        {
            settings.AddRange(["fsync = off", "synchronous_commit = off", "full_page_writes = off"]);
        }

        await File.AppendAllLinesAsync(Path.Combine(data, "postgresql.conf"), settings, cancellationToken);
        await RunAsync(asPostgres ? "runuser" : Path.Combine(binDir, "pg_ctl"),
            [.. Prefix(asPostgres, binDir, "pg_ctl"), "-D", data, "-l", Path.Combine(folder, "server.log"), "-w", "-t", "60", "start"], cancellationToken);
        return new BenchPostgres(folder, binDir, $"Host=127.0.0.1;Port={port};Username=postgres;Database=postgres;Maximum Pool Size=100", durable);
    }

    /// <summary>A fresh database with the Twin schema (which holds the Orleans ADO.NET tables and queries too).</summary>
    public async Task<string> CreateMigratedDatabaseAsync(string name, CancellationToken cancellationToken)
    {
        await using (var connection = new NpgsqlConnection(AdminConnectionString))
        {
            await connection.OpenAsync(cancellationToken);
            await using var command = new NpgsqlCommand($"CREATE DATABASE {name}", connection);
            await command.ExecuteNonQueryAsync(cancellationToken);
        }

        var connectionString = new NpgsqlConnectionStringBuilder(AdminConnectionString) { Database = name }.ConnectionString;
        await SchemaMigrator.MigrateAsync(connectionString, cancellationToken);
        return connectionString;
    }

    /// <summary>What the server really runs with (reported beside the figures).</summary>
    public async Task<string> DescribeAsync(CancellationToken cancellationToken)
    {
        await using var connection = new NpgsqlConnection(AdminConnectionString);
        await connection.OpenAsync(cancellationToken);
        await using var command = new NpgsqlCommand("SELECT current_setting('server_version') || ', fsync=' || current_setting('fsync') || ', synchronous_commit=' || current_setting('synchronous_commit')", connection);
        return (string)(await command.ExecuteScalarAsync(cancellationToken))!;
    }

    public async ValueTask DisposeAsync()
    {
        NpgsqlConnection.ClearAllPools();
        var asPostgres = Environment.UserName == "root";
        try
        {
            await RunAsync(asPostgres ? "runuser" : Path.Combine(_binDir, "pg_ctl"),
                [.. Prefix(asPostgres, _binDir, "pg_ctl"), "-D", Path.Combine(_folder, "data"), "-m", "immediate", "-w", "stop"], CancellationToken.None);
        }
        finally
        {
            Directory.Delete(_folder, recursive: true);
        }
    }

    private static string[] Prefix(bool asPostgres, string binDir, string tool) =>
        asPostgres ? ["-u", "postgres", "--", Path.Combine(binDir, tool)] : [];

    private static async Task RunAsync(string file, string[] arguments, CancellationToken cancellationToken)
    {
        var start = new ProcessStartInfo(file) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var a in arguments)
        {
            start.ArgumentList.Add(a);
        }

        using var process = Process.Start(start) ?? throw new InvalidOperationException($"Could not start {file}.");
        var output = process.StandardOutput.ReadToEndAsync(cancellationToken);
        var errors = process.StandardError.ReadToEndAsync(cancellationToken);
        await process.WaitForExitAsync(cancellationToken);
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"{file} {string.Join(' ', arguments)} exited with {process.ExitCode}: {await output}{await errors}");
        }
    }
}
