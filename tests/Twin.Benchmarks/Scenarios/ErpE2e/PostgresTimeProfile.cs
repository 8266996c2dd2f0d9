using System.Globalization;
using System.Text.RegularExpressions;
using Npgsql;

namespace Twin.Benchmarks.Scenarios.ErpE2e;

/// <summary>
/// Where PostgreSQL's time goes over a window, from the server itself: execution time per statement
/// (pg_stat_statements), WAL flushes and their time (pg_stat_wal with track_wal_io_timing), and the CPU of the server's
/// processes (/proc). Needs a server started with <c>BenchPostgres.StartAsync(..., statements: true)</c>.
/// Execution time excludes the commit's WAL flush and the wait for a connection; the flush time is in pg_stat_wal.
/// </summary>
public sealed partial record PostgresTimeProfile(
    IReadOnlyList<PostgresTimeProfile.Statement> Statements,
    double ExecutionMs,
    long WalSyncs,
    double WalSyncMs,
    long WalRecords,
    double CpuSeconds)
{
    public sealed record Statement(string Query, long Calls, double TotalMs, long Rows);

    /// <summary>Clears the server's statistics and returns the server processes' CPU so far (seconds).</summary>
    public static async Task<double> ResetAsync(string connectionString, int postmaster, CancellationToken cancellationToken)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync(cancellationToken);
        await using var command = new NpgsqlCommand(
            "CREATE EXTENSION IF NOT EXISTS pg_stat_statements; SELECT pg_stat_statements_reset(); SELECT pg_stat_reset_shared('wal')", connection);
        await command.ExecuteNonQueryAsync(cancellationToken);
        return ServerCpuSeconds(postmaster);
    }

    public static async Task<PostgresTimeProfile> ReadAsync(string connectionString, int postmaster, double cpuAtReset, CancellationToken cancellationToken)
    {
        var cpu = ServerCpuSeconds(postmaster) - cpuAtReset;
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync(cancellationToken);
        var statements = new List<Statement>();
        await using (var command = new NpgsqlCommand(
            "SELECT query, calls, total_exec_time, rows FROM pg_stat_statements WHERE query NOT LIKE '%pg_stat_statements%' ORDER BY total_exec_time DESC", connection))
        await using (var reader = await command.ExecuteReaderAsync(cancellationToken))
        {
            while (await reader.ReadAsync(cancellationToken))
            {
                statements.Add(new Statement(reader.GetString(0), reader.GetInt64(1), reader.GetDouble(2), reader.GetInt64(3)));
            }
        }

        await using var wal = new NpgsqlCommand("SELECT wal_sync, wal_sync_time, wal_records FROM pg_stat_wal", connection);
        await using var walReader = await wal.ExecuteReaderAsync(cancellationToken);
        await walReader.ReadAsync(cancellationToken);
        return new PostgresTimeProfile(statements, statements.Sum(s => s.TotalMs), walReader.GetInt64(0), walReader.GetDouble(1), walReader.GetInt64(2), cpu);
    }

    /// <summary>The statements that took most of the execution time, one line each, per unit of <paramref name="per"/>.</summary>
    public IEnumerable<string> Describe(long per, int top = 12) =>
        Statements.Take(top).Select(s => string.Create(CultureInfo.InvariantCulture,
            $"{s.TotalMs / Math.Max(ExecutionMs, 0.001) * 100,5:0.0} %  {s.TotalMs * 1000 / Math.Max(per, 1),8:0.0} µs/tx  {s.Calls,9:N0} calls  {s.TotalMs / Math.Max(s.Calls, 1),8:0.000} ms/call  {s.Rows / (double)Math.Max(s.Calls, 1),7:0.0} rows/call  {Short(s.Query)}"));

    public static string Short(string query)
    {
        var flat = Whitespace().Replace(query, " ").Trim();
        return flat.Length <= 150 ? flat : flat[..150] + "…";
    }

    /// <summary>
    /// User + system CPU of this server's processes alive now: the postmaster and its children (other PostgreSQL
    /// servers on the machine are not counted; backends that exited in between are missed).
    /// </summary>
    private static double ServerCpuSeconds(int postmaster)
    {
        double ticks = 0;
        foreach (var folder in Directory.EnumerateDirectories("/proc").Where(f => char.IsAsciiDigit(Path.GetFileName(f)[0])))
        {
            try
            {
                var stat = File.ReadAllText(Path.Combine(folder, "stat"));
                var close = stat.LastIndexOf(')');
                if (close < 0)
                {
                    continue;
                }

                // Fields after the command: state is field 3, ppid 4, utime 14 and stime 15 (1-based, proc(5)).
                var fields = stat[(close + 2)..].Split(' ');
                var pid = int.Parse(Path.GetFileName(folder), CultureInfo.InvariantCulture);
                if (pid != postmaster && fields[1] != postmaster.ToString(CultureInfo.InvariantCulture))
                {
                    continue;
                }

                ticks += double.Parse(fields[11], CultureInfo.InvariantCulture) + double.Parse(fields[12], CultureInfo.InvariantCulture);
            }
            catch (IOException)
            {
                // gone in between
            }
            catch (UnauthorizedAccessException)
            {
                // not ours to read
            }
        }

        return ticks / 100.0; // USER_HZ is 100 on Linux.
    }

    [GeneratedRegex(@"\s+")]
    private static partial Regex Whitespace();
}
