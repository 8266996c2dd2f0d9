using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using Orleans.Streams;
using Twin.Contracts;
using Twin.Testing;

namespace Twin.Integration.Tests.Platform;

/// <summary>
/// Bug: the stream rendezvous state (PubSubStore) was written with our type-name-free JSON serializer,
/// which cannot read Orleans' own PubSubPublisherState back. After any silo restart on the same database
/// every stream went silent. This pins the fix: a restarted silo still subscribes and delivers.
/// </summary>
public sealed class StreamsAfterRestartTests(PostgresDatabaseFixture database) : IClassFixture<PostgresDatabaseFixture>
{
    [Fact]
    public async Task Bug_pubsub_state_unreadable_after_restart_streams_still_deliver_after_a_silo_restart()
    {
        var clusterId = $"restart-streams-{Guid.NewGuid():N}";
        var streamKey = "restart-plant";

        var first = await InProcessSilo.StartAsync(database.ConnectionString, clusterId);
        try
        {
            Assert.Equal("before restart", await PublishAndReceive(first, streamKey, "before restart"));
        }
        finally
        {
            await InProcessSilo.StopAsync(first);
        }

        // Same database and cluster: the rendezvous grain reactivates from the state stored above.
        var second = await InProcessSilo.StartAsync(database.ConnectionString, clusterId);
        try
        {
            Assert.Equal("after restart", await PublishAndReceive(second, streamKey, "after restart"));
        }
        finally
        {
            await InProcessSilo.StopAsync(second);
        }
    }

    private static async Task<string> PublishAndReceive(WebApplication silo, string streamKey, string text)
    {
        var client = silo.Services.GetRequiredService<IClusterClient>();
        var stream = client.GetStreamProvider(TwinProviders.Streams)
            .GetStream<string>(StreamId.Create(StreamNamespaces.TwinChanges, streamKey));
        var delivered = new TaskCompletionSource<string>(TaskCreationOptions.RunContinuationsAsynchronously);
        var subscription = await stream.SubscribeAsync((item, _) =>
        {
            if (item == text)
            {
                delivered.TrySetResult(item);
            }

            return Task.CompletedTask;
        }).WaitAsync(TimeSpan.FromSeconds(30));
        await stream.OnNextAsync(text).WaitAsync(TimeSpan.FromSeconds(30));
        try
        {
            return await delivered.Task.WaitAsync(TimeSpan.FromSeconds(30));
        }
        catch (TimeoutException)
        {
            throw new TimeoutException($"'{text}' published on {StreamNamespaces.TwinChanges}/{streamKey} was not delivered within 30 s.");
        }
        finally
        {
            await subscription.UnsubscribeAsync();
        }
    }
}
