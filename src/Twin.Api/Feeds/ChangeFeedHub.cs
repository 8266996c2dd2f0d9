using System.Collections.Concurrent;
using System.Security.Cryptography;
using System.Text.Json;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Json;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Orleans.Streams;
using Twin.Api.Errors;
using Twin.Api.Security;
using Twin.Contracts;

namespace Twin.Api.Feeds;

/// <summary>
/// The silo's change feeds: one subscription to a plant's <see cref="StreamNamespaces.TwinChanges"/> stream, made
/// when its first client connects, feeds one <see cref="PlantFeed"/> that every client of that plant on this silo
/// reads, however many there are. A plant's feed stays subscribed (and keeps its window for resuming clients)
/// until it has had no client for <see cref="ChangeFeedOptions.IdleTimeout"/>; stopping the silo ends every stream
/// with a <c>dropped</c> event. Built on first use, so an API without a silo (tests) never needs a cluster client.
/// </summary>
internal sealed class ChangeFeedHub : IAsyncDisposable
{
    private readonly ConcurrentDictionary<string, Lazy<Task<Link>>> _plants = new(StringComparer.Ordinal);
    private readonly IServiceProvider _services;
    private readonly ChangeFeedOptions _options;
    private readonly JsonSerializerOptions _json;
    private readonly TimeProvider _clock;
    private readonly ILogger _logger;
    private readonly ITimer _sweep;
    private readonly CancellationTokenRegistration _stopping;
    private int _clients;

    public ChangeFeedHub(IServiceProvider services, IOptions<TwinApiOptions> options, IOptions<JsonOptions> json, IHostApplicationLifetime lifetime, ILogger<ChangeFeedHub> logger)
    {
        _services = services;
        _options = options.Value.Feeds;
        _json = json.Value.SerializerOptions;
        _clock = services.GetService<TimeProvider>() ?? TimeProvider.System;
        _logger = logger;
        var every = _options.IdleTimeout < TimeSpan.FromMinutes(1) ? TimeSpan.FromSeconds(Math.Max(1, _options.IdleTimeout.TotalSeconds / 2)) : TimeSpan.FromMinutes(1);
        _sweep = _clock.CreateTimer(_ => _ = SweepAsync(), null, every, every);
        Stopping = lifetime.ApplicationStopping;
        _stopping = Stopping.Register(() => CloseAll(FeedSubscriber.FeedClosed));
    }

    /// <summary>Fires when the silo begins to stop; open streams end then.</summary>
    public CancellationToken Stopping { get; }

    public ChangeFeedOptions Options => _options;

    public JsonSerializerOptions Json => _json;

    /// <summary>Takes a client place; false when <see cref="ChangeFeedOptions.MaxClients"/> are connected.</summary>
    public bool TryReserveClient()
    {
        if (Interlocked.Increment(ref _clients) <= _options.MaxClients)
        {
            ChangeFeedMetrics.Clients.Add(1);
            return true;
        }

        Interlocked.Decrement(ref _clients);
        return false;
    }

    public void ReleaseClient()
    {
        Interlocked.Decrement(ref _clients);
        ChangeFeedMetrics.Clients.Add(-1);
    }

    /// <summary>Attaches <paramref name="subscriber"/> to the plant's feed, subscribing to its stream first when no client of this silo follows it.</summary>
    public async Task<(PlantFeed Feed, FeedAttachment Start)> AttachAsync(string plant, FeedSubscriber subscriber, string? lastEventId, CancellationToken cancellationToken)
    {
        while (true)
        {
            if (Stopping.IsCancellationRequested)
            {
                throw new ApiProblemException(ApiProblems.Create(StatusCodes.Status503ServiceUnavailable, ApiErrorCodes.ClusterUnavailable,
                    "Silo stopping", "This silo is stopping; connect to another silo, or again in a moment."));
            }

            var lazy = _plants.GetOrAdd(plant, p => new Lazy<Task<Link>>(() => SubscribeAsync(p)));
            if (lazy.IsValueCreated && lazy.Value.IsFaulted)
            {
                _plants.TryRemove(KeyValuePair.Create(plant, lazy)); // a subscription that failed while its client left
                continue;
            }

            Link link;
            try
            {
                link = await lazy.Value.WaitAsync(cancellationToken);
            }
            catch when (!cancellationToken.IsCancellationRequested)
            {
                _plants.TryRemove(KeyValuePair.Create(plant, lazy)); // the next client tries to subscribe again
                throw;
            }

            if (link.Feed.Attach(subscriber, lastEventId) is { } start)
            {
                return (link.Feed, start);
            }

            // The idle sweep closed this feed between the lookup and the attach: take the new one.
            _plants.TryRemove(KeyValuePair.Create(plant, lazy));
        }
    }

    public void Detach(PlantFeed feed, FeedSubscriber subscriber) => feed.Detach(subscriber, _clock.GetUtcNow());

    public async ValueTask DisposeAsync()
    {
        await _sweep.DisposeAsync();
        await _stopping.DisposeAsync();
        CloseAll(FeedSubscriber.FeedClosed);
    }

    private async Task<Link> SubscribeAsync(string plant)
    {
        var feed = new PlantFeed(plant, NewEpoch(), _options.RetainedEvents,
            (change, position) => ChangeFeedResponse.ChangeFrame(ChangeFeedEvent.Of(change, position), _json), _clock.GetUtcNow());
        var stream = _services.GetRequiredService<IClusterClient>().GetStreamProvider(TwinProviders.Streams)
            .GetStream<TwinEvent>(StreamId.Create(StreamNamespaces.TwinChanges, plant));
        var handle = await stream.SubscribeAsync(
            (change, _) =>
            {
                feed.Append(change);
                return Task.CompletedTask;
            },
            error =>
            {
                _logger.LogWarning(error, "The change feed of plant {Plant} lost its stream; its clients were dropped and the next one subscribes again", plant);
                Forget(plant, feed);
                return Task.CompletedTask;
            });
        return new Link(feed, handle);
    }

    private async Task SweepAsync()
    {
        var idleBefore = _clock.GetUtcNow() - _options.IdleTimeout;
        foreach (var (plant, lazy) in _plants)
        {
            if (lazy.IsValueCreated && lazy.Value.IsCompletedSuccessfully && lazy.Value.Result is var link && link.Feed.TryCloseIdle(idleBefore))
            {
                _plants.TryRemove(KeyValuePair.Create(plant, lazy));
                await UnsubscribeAsync(link);
            }
        }
    }

    private void Forget(string plant, PlantFeed feed)
    {
        feed.Close(FeedSubscriber.FeedClosed);
        foreach (var (key, lazy) in _plants)
        {
            if (key == plant && lazy.IsValueCreated && lazy.Value.IsCompletedSuccessfully && ReferenceEquals(lazy.Value.Result.Feed, feed))
            {
                _plants.TryRemove(KeyValuePair.Create(key, lazy));
            }
        }
    }

    private void CloseAll(string reason)
    {
        foreach (var (_, lazy) in _plants)
        {
            if (lazy.IsValueCreated && lazy.Value.IsCompletedSuccessfully)
            {
                lazy.Value.Result.Feed.Close(reason);
            }
        }
    }

    private async Task UnsubscribeAsync(Link link)
    {
        try
        {
            await link.Handle.UnsubscribeAsync();
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            // The stream forgets a dead subscription by itself; nothing a client waits for depends on this.
            _logger.LogDebug(e, "Unsubscribing the idle change feed of plant {Plant} failed", link.Feed.Plant);
        }
    }

    private static string NewEpoch() => Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(4));

    private sealed record Link(PlantFeed Feed, StreamSubscriptionHandle<TwinEvent> Handle);
}
