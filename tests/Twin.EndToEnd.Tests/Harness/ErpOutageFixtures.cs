namespace Twin.EndToEnd.Tests.Harness;

/// <summary>
/// A plant whose ERP queue is configured small, like the run that lost 82 % of a 180 s outage with 50 (issue 10): the
/// old grain's limit Erp:Outbox:MaxPending at 10 (the plant's outbox no longer enforces it), batches of 10. Everything
/// else is what the product runs with, stream delivery limits included. Posting windows of 3 s: a few counter steps
/// accumulate into each confirmation, so the tests see aggregation, not one document per step.
/// </summary>
public abstract class ErpOutageFixture : ShopFloorToErpFixture
{
    protected override IReadOnlyDictionary<string, string> ExtraSettings { get; } = new Dictionary<string, string>
    {
        ["Erp__Outbox__MaxPending"] = "10",
        ["Erp__Outbox__MaxBatchSize"] = "10",
        ["Erp__Posting__Window"] = "00:00:03",
        ["Logging__Console__TimestampFormat"] = "HH:mm:ss.fff ",
    };
}

/// <summary>The embedded default: one silo, outbox and streams in memory.</summary>
public sealed class EmbeddedErpOutageFixture : ErpOutageFixture
{
    protected override bool OnPostgres => false;
}

/// <summary>One silo on PostgreSQL: outbox rows in twin_erp_outbox, ADO.NET streams.</summary>
public sealed class PostgresErpOutageFixture : ErpOutageFixture;

[CollectionDefinition(Name)]
public sealed class EmbeddedErpOutageCollection : ICollectionFixture<EmbeddedErpOutageFixture>
{
    public const string Name = "ERP outage, embedded";
}

[CollectionDefinition(Name)]
public sealed class PostgresErpOutageCollection : ICollectionFixture<PostgresErpOutageFixture>
{
    public const string Name = "ERP outage, PostgreSQL";
}
