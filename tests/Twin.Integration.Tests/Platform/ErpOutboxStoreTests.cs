using Twin.Erp.Outbox;
using Twin.Hosting.Providers;
using Twin.Testing;

namespace Twin.Integration.Tests.Platform;

/// <summary>The ERP outbox store contract on the embedded profile's in-memory store.</summary>
public sealed class InMemoryErpOutboxStoreTests : ErpOutboxStoreContract
{
    protected override IErpOutboxStore Store { get; } = new InMemoryErpOutboxStore();
}

/// <summary>The ERP outbox store contract on PostgreSQL (tables twin_erp_outbox*, Schema/0002; twin_erp_staged, Schema/0005).</summary>
public sealed class PostgresErpOutboxStoreTests(PostgresDatabaseFixture database)
    : ErpOutboxStoreContract, IClassFixture<PostgresDatabaseFixture>, IAsyncDisposable
{
    private readonly PostgresErpOutboxStore _store = new(database.ConnectionString);

    private readonly PostgresErpOutboxStore _reopened = new(database.ConnectionString);

    protected override IErpOutboxStore Store => _store;

    protected override IErpOutboxStore Reopened => _reopened;

    public async ValueTask DisposeAsync()
    {
        await _store.DisposeAsync();
        await _reopened.DisposeAsync();
    }
}
