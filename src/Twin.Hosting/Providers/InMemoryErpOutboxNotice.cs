using Microsoft.Extensions.Logging;
using Orleans.Runtime;

namespace Twin.Hosting.Providers;

/// <summary>Says once, when an embedded silo is up, that its ERP outbox lives in memory and what that means.</summary>
internal sealed partial class InMemoryErpOutboxNotice(ILogger<InMemoryErpOutboxNotice> logger) : ILifecycleParticipant<ISiloLifecycle>
{
    public void Participate(ISiloLifecycle lifecycle) =>
        lifecycle.Subscribe(nameof(InMemoryErpOutboxNotice), ServiceLifecycleStage.Active, _ =>
        {
            LogInMemory();
            return Task.CompletedTask;
        });

    [LoggerMessage(Level = LogLevel.Warning, Message = "Embedded profile: the ERP outbox is kept in this process's memory. It never refuses and never drops a transaction while the silo runs, however long the ERP is down (bounded only by memory), but a restart or crash LOSES every ERP transaction still queued. Set ConnectionStrings:Twin for a durable outbox on PostgreSQL.")]
    private partial void LogInMemory();
}
