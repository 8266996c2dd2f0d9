using Npgsql;
using Xunit;
using Twin.Hosting.Schema;

namespace Twin.Testing;

/// <summary>
/// A fresh PostgreSQL database for one test class: created from the admin connection string in
/// TWIN_TEST_POSTGRES (tests/run-all.sh provides it), migrated to the current Twin schema, and
/// dropped afterwards. Without TWIN_TEST_POSTGRES the fixture fails loudly: these tests never skip.
/// </summary>
public class PostgresDatabaseFixture : IAsyncLifetime
{
    public const string AdminVariable = "TWIN_TEST_POSTGRES";

    private string? _adminConnectionString;

    /// <summary>Database name (twin_test_&lt;guid&gt;).</summary>
    public string DatabaseName { get; } = $"twin_test_{Guid.NewGuid():N}";

    /// <summary>Connection string to the test database.</summary>
    public string ConnectionString { get; private set; } = "";

    /// <summary>Whether <see cref="InitializeAsync"/> applies the schema; false gives an empty database.</summary>
    protected virtual bool Migrate => true;

    public async Task InitializeAsync()
    {
        _adminConnectionString = AdminConnectionString();
        ConnectionString = await CreateDatabaseAsync(_adminConnectionString, DatabaseName);
        if (Migrate)
        {
            using var deadline = new CancellationTokenSource(TimeSpan.FromSeconds(60));
            await SchemaMigrator.MigrateAsync(ConnectionString, deadline.Token);
        }
    }

    public async Task DisposeAsync()
    {
        if (_adminConnectionString is not null)
        {
            await DropDatabaseAsync(_adminConnectionString, DatabaseName);
        }
    }

    /// <summary>The admin connection string, or an exception that says how to provide one.</summary>
    public static string AdminConnectionString() =>
        Environment.GetEnvironmentVariable(AdminVariable) is { Length: > 0 } value
            ? value
            : throw new InvalidOperationException(
                $"{AdminVariable} is not set: run the suite with tests/run-all.sh (it starts a private PostgreSQL), or export {AdminVariable}=\"Host=127.0.0.1;Port=5432;Username=postgres;Database=postgres\".");

    /// <summary>Creates an empty database and returns its connection string.</summary>
    public static async Task<string> CreateDatabaseAsync(string adminConnectionString, string name)
    {
        await using (var admin = new NpgsqlConnection(adminConnectionString))
        {
            await admin.OpenAsync();
            await using var create = new NpgsqlCommand($"CREATE DATABASE \"{name}\"", admin);
            await create.ExecuteNonQueryAsync();
        }

        return new NpgsqlConnectionStringBuilder(adminConnectionString) { Database = name, Pooling = false }.ConnectionString;
    }

    /// <summary>Drops a database even while silos killed by a test still hold connections.</summary>
    public static async Task DropDatabaseAsync(string adminConnectionString, string name)
    {
        await using var admin = new NpgsqlConnection(adminConnectionString);
        await admin.OpenAsync();
        await using var drop = new NpgsqlCommand($"DROP DATABASE IF EXISTS \"{name}\" WITH (FORCE)", admin);
        await drop.ExecuteNonQueryAsync();
    }
}

/// <summary>A fresh database without the Twin schema (for migration and refusal tests).</summary>
public class EmptyPostgresDatabaseFixture : PostgresDatabaseFixture
{
    protected override bool Migrate => false;
}
