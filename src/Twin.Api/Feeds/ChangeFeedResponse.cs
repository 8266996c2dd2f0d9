using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;

namespace Twin.Api.Feeds;

/// <summary>
/// Writes one client's <c>text/event-stream</c>: a <c>reset</c> event when its <c>Last-Event-ID</c> is not in the
/// window, the events it missed from the window, then live events as they come, a comment line every heartbeat
/// while nothing happens, and a <c>dropped</c> event with the reason and the last id sent when the feed lets it go.
/// At each heartbeat it asks <c>stillAllowed</c> whether the caller's key still allows the feed, so removing a key or
/// its plant from the configuration also ends the streams it opened.
/// Orleans-free: it reads a <see cref="PlantFeed"/> and writes to the HTTP response.
/// </summary>
internal static class ChangeFeedResponse
{
    private const int BacklogChunk = 256;
    private static readonly byte[] Heartbeat = ": heartbeat\n\n"u8.ToArray();

    public static async Task WriteAsync(HttpContext http, PlantFeed feed, FeedSubscriber subscriber, FeedAttachment start,
        ChangeFeedOptions options, JsonSerializerOptions json, Func<bool> stillAllowed, CancellationToken stopping)
    {
        var response = http.Response;
        response.ContentType = "text/event-stream; charset=utf-8";
        response.Headers.CacheControl = "no-cache";
        response.Headers["X-Accel-Buffering"] = "no"; // nginx and friends would otherwise hold events back
        http.Features.Get<IHttpResponseBodyFeature>()?.DisableBuffering();

        using var cancel = CancellationTokenSource.CreateLinkedTokenSource(http.RequestAborted, subscriber.Dropped, stopping);
        var token = cancel.Token;
        var body = response.Body;
        var last = start.After;
        try
        {
            // A first line at once: the client sees the stream open before the plant's next event.
            await body.WriteAsync(Encoding.UTF8.GetBytes($": twin change feed of plant {feed.Plant}\n\n"), token);
            if (start.Reset is { } reset)
            {
                await body.WriteAsync(Frame("reset", reset, json), token);
            }

            last = await WriteBacklogAsync(body, feed, subscriber, start, token);
            await body.FlushAsync(token);
            await WriteLiveAsync(body, subscriber, options.Heartbeat, stillAllowed, l => last = l, token);
        }
        catch (Exception e) when (e is OperationCanceledException or IOException)
        {
            // The client left, the silo is stopping, or the client was dropped: said below when it can still hear it.
            if (stopping.IsCancellationRequested)
            {
                subscriber.Drop(FeedSubscriber.FeedClosed); // the hub does too, but this token may have fired first
            }
        }

        if (subscriber.DropReason is { } reason && !http.RequestAborted.IsCancellationRequested)
        {
            await TellDroppedAsync(body, feed, reason, last, json);
        }
    }

    private static async Task<long> WriteBacklogAsync(Stream body, PlantFeed feed, FeedSubscriber subscriber, FeedAttachment start, CancellationToken token)
    {
        var chunk = new List<FeedEntry>(BacklogChunk);
        var last = start.After;
        while (last < start.UpTo)
        {
            chunk.Clear();
            if (!feed.ReadBacklog(last, start.UpTo, BacklogChunk, chunk))
            {
                subscriber.Drop(FeedSubscriber.SlowConsumer); // the window moved past what it still had to read
                return last;
            }

            foreach (var entry in chunk)
            {
                if (subscriber.Filter.Matches(entry))
                {
                    await body.WriteAsync(entry.Frame, token);
                }

                last = entry.Sequence;
            }
        }

        return last;
    }

    private static async Task WriteLiveAsync(Stream body, FeedSubscriber subscriber, TimeSpan heartbeat, Func<bool> stillAllowed, Action<long> sent, CancellationToken token)
    {
        var reader = subscriber.Pending;
        // One timer per client for its whole life; a heartbeat goes out on a tick that finds the client waiting.
        using var beat = new PeriodicTimer(heartbeat);
        var tick = beat.WaitForNextTickAsync(token).AsTask();
        while (true)
        {
            var written = false;
            while (subscriber.DropReason is null && reader.TryRead(out var entry))
            {
                await body.WriteAsync(entry.Frame, token);
                sent(entry.Sequence);
                written = true;
            }

            if (written)
            {
                await body.FlushAsync(token);
            }

            var more = reader.WaitToReadAsync(token).AsTask();
            while (await Task.WhenAny(more, tick) == tick)
            {
                await tick;
                if (!stillAllowed())
                {
                    subscriber.Drop(FeedSubscriber.AccessRevoked);
                    return;
                }

                await body.WriteAsync(Heartbeat, token);
                await body.FlushAsync(token);
                tick = beat.WaitForNextTickAsync(token).AsTask();
            }

            if (!await more || subscriber.DropReason is not null)
            {
                return;
            }
        }
    }

    private static async Task TellDroppedAsync(Stream body, PlantFeed feed, string reason, long last, JsonSerializerOptions json)
    {
        var lastEventId = new FeedPosition(feed.Epoch, last).ToString();
        var detail = reason switch
        {
            FeedSubscriber.SlowConsumer => $"This client read too slowly and was dropped so it does not hold up the others. Reconnect with Last-Event-ID: {lastEventId}; events still in the window are replayed.",
            FeedSubscriber.AccessRevoked => $"The key that opened this stream no longer allows plant '{feed.Plant}' (it was removed or limited to other plants).",
            _ => $"The feed of plant '{feed.Plant}' closed on this silo (it is stopping). Reconnect with Last-Event-ID: {lastEventId}.",
        };
        // The connection may be the slow part: a short, separate deadline, and silence when it cannot be told.
        using var deadline = new CancellationTokenSource(TimeSpan.FromSeconds(2));
        try
        {
            await body.WriteAsync(Frame("dropped", new { reason, lastEventId, detail }, json), deadline.Token);
            await body.FlushAsync(deadline.Token);
        }
        catch (Exception e) when (e is OperationCanceledException or IOException or InvalidOperationException)
        {
        }
    }

    private static byte[] Frame<T>(string name, T value, JsonSerializerOptions json) =>
        Encoding.UTF8.GetBytes($"event: {name}\ndata: {JsonSerializer.Serialize(value, json)}\n\n");

    /// <summary>The SSE frame of one change: its position as <c>id:</c>, its JSON (<see cref="ChangeFeedEvent"/>) as one <c>data:</c> line.</summary>
    public static byte[] ChangeFrame(ChangeFeedEvent change, JsonSerializerOptions json) =>
        Encoding.UTF8.GetBytes($"id: {change.Id}\ndata: {JsonSerializer.Serialize(change, json)}\n\n");
}
