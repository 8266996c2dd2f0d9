using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using Orleans.Streams;
using Twin.Contracts;
using Twin.Testing;

namespace Twin.Integration.Tests.Platform;

/// <summary>ADO.NET streams through our schema: queue, dequeue, deliver, confirm.</summary>
public sealed class PostgresStreamTests(PostgresDatabaseFixture database) : IClassFixture<PostgresDatabaseFixture>
{
    [Fact]
    public async Task An_event_published_on_the_postgres_stream_provider_is_delivered_and_then_confirmed()
    {
        var silo = await InProcessSilo.StartAsync(database.ConnectionString, $"streams-{Guid.NewGuid():N}");
        try
        {
            var client = silo.Services.GetRequiredService<IClusterClient>();
            var stream = client.GetStreamProvider(TwinProviders.Streams)
                .GetStream<string>(StreamId.Create(StreamNamespaces.TwinChanges, "stream-test-plant"));
            var delivered = new TaskCompletionSource<string>(TaskCreationOptions.RunContinuationsAsynchronously);
            var subscription = await stream.SubscribeAsync((item, _) =>
            {
                delivered.TrySetResult(item);
                return Task.CompletedTask;
            });

            await stream.OnNextAsync("machine M-01 running").WaitAsync(TimeSpan.FromSeconds(30));
            var item = await delivered.Task.WaitAsync(TimeSpan.FromSeconds(30));
            Assert.Equal("machine M-01 running", item);

            // The pulling agent confirms (deletes) the message after delivery; no signal exists for
            // that, so poll the table with a deadline.
            var deadline = DateTime.UtcNow.AddSeconds(20);
            var remaining = await CountQueuedMessages();
            while (remaining > 0 && DateTime.UtcNow < deadline)
            {
                await Task.Delay(100);
                remaining = await CountQueuedMessages();
            }

            Assert.True(remaining == 0, $"{remaining} stream message(s) still queued 20 s after delivery: the confirm query did not delete them.");
            await subscription.UnsubscribeAsync();
        }
        finally
        {
            using var stop = new CancellationTokenSource(TimeSpan.FromSeconds(30));
            await silo.StopAsync(stop.Token);
            await silo.DisposeAsync();
        }
    }

    private async Task<long> CountQueuedMessages()
    {
        await using var connection = new NpgsqlConnection(database.ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand("SELECT count(*) FROM orleans_stream_message", connection);
        return (long)(await command.ExecuteScalarAsync())!;
    }
}
