using Twin.Api.Feeds;
using Twin.Contracts;

namespace Twin.Api.Tests;

/// <summary>The change feed's Orleans-free parts: the window, positions, redeliveries, resets and slow clients.</summary>
public sealed class ChangeFeedWindowTests
{
    private static readonly DateTimeOffset Now = new(2026, 12, 3, 6, 0, 0, TimeSpan.Zero);

    [Fact]
    public void Ring_keeps_the_last_items_under_their_numbers()
    {
        var ring = new FeedRing<string>(3);
        Assert.True(ring.Holds(0)); // nothing yet: after 0 is everything
        foreach (var item in new[] { "a", "b", "c" })
        {
            Assert.Null(ring.Append(item));
        }

        Assert.Equal("a", ring.Append("d"));
        Assert.Equal("b", ring.Append("e"));
        Assert.Equal((3L, 5L), (ring.Oldest, ring.Newest));
        Assert.False(ring.Holds(1)); // 2 is gone
        Assert.True(ring.Holds(2));
        Assert.False(ring.Holds(6)); // not yet happened
        var after = new List<string>();
        Assert.True(ring.CopyAfter(2, 5, 10, after));
        Assert.Equal(["c", "d", "e"], after);
        Assert.False(ring.CopyAfter(1, 5, 10, after));
    }

    [Theory]
    [InlineData("0a1b2c3d-42", "0a1b2c3d", 42L)]
    [InlineData("x-y-7", "x-y", 7L)]
    public void Positions_read_back(string text, string epoch, long sequence)
    {
        Assert.True(FeedPosition.TryParse(text, out var position));
        Assert.Equal(new FeedPosition(epoch, sequence), position);
        Assert.Equal(text, position.ToString());
    }

    [Theory]
    [InlineData("")]
    [InlineData("42")]
    [InlineData("-42")]
    [InlineData("abc-")]
    public void Malformed_positions_are_refused(string text) => Assert.False(FeedPosition.TryParse(text, out _));

    [Fact]
    public void A_redelivered_event_is_held_once()
    {
        var feed = NewFeed(10);
        var subscriber = new FeedSubscriber(ChangeFeedFilter.All, 10);
        feed.Attach(subscriber, null);
        var change = Event("e-1", "RACK-1");
        feed.Append(change);
        feed.Append(change);
        feed.Append(Event("e-2", "RACK-1"));
        Assert.Equal(["e-1", "e-2"], Drain(subscriber).Select(e => e.Event.EventId));
    }

    [Fact]
    public void A_slow_client_is_dropped_and_the_others_go_on()
    {
        var feed = NewFeed(100);
        var slow = new FeedSubscriber(ChangeFeedFilter.All, 2);
        var fast = new FeedSubscriber(ChangeFeedFilter.All, 100);
        feed.Attach(slow, null);
        feed.Attach(fast, null);
        for (var i = 0; i < 5; i++)
        {
            feed.Append(Event($"e-{i}", "RACK-1"));
        }

        Assert.Equal(FeedSubscriber.SlowConsumer, slow.DropReason);
        Assert.True(slow.Dropped.IsCancellationRequested || SpinWait.SpinUntil(() => slow.Dropped.IsCancellationRequested, 1000));
        Assert.Null(fast.DropReason);
        Assert.Equal(5, Drain(fast).Count);
    }

    [Fact]
    public void Resuming_inside_the_window_starts_after_the_position_and_outside_it_resets()
    {
        var feed = NewFeed(3);
        for (var i = 1; i <= 5; i++)
        {
            feed.Append(Event($"e-{i}", "RACK-1"));
        }

        var resumed = feed.Attach(new FeedSubscriber(ChangeFeedFilter.All, 10), $"{feed.Epoch}-3")!;
        Assert.Equal((3L, 5L, null), (resumed.After, resumed.UpTo, resumed.Reset));
        var backlog = new List<FeedEntry>();
        Assert.True(feed.ReadBacklog(resumed.After, resumed.UpTo, 10, backlog));
        Assert.Equal(["e-4", "e-5"], backlog.Select(e => e.Event.EventId));

        var expired = feed.Attach(new FeedSubscriber(ChangeFeedFilter.All, 10), $"{feed.Epoch}-1")!;
        Assert.Equal((5L, FeedReset.PositionExpired), (expired.After, expired.Reset!.Reason));
        Assert.Equal($"{feed.Epoch}-3", expired.Reset.Oldest);
        Assert.Equal(FeedReset.PositionUnknown, feed.Attach(new FeedSubscriber(ChangeFeedFilter.All, 10), "ffffffff-4")!.Reset!.Reason);
        Assert.Equal(FeedReset.PositionUnknown, feed.Attach(new FeedSubscriber(ChangeFeedFilter.All, 10), $"{feed.Epoch}-9")!.Reset!.Reason);
    }

    [Fact]
    public void An_idle_feed_closes_only_after_its_last_client_left_long_enough()
    {
        var feed = NewFeed(3);
        var client = new FeedSubscriber(ChangeFeedFilter.All, 10);
        feed.Attach(client, null);
        Assert.False(feed.TryCloseIdle(Now.AddHours(1)));
        feed.Detach(client, Now.AddMinutes(5));
        Assert.False(feed.TryCloseIdle(Now.AddMinutes(4)));
        Assert.True(feed.TryCloseIdle(Now.AddMinutes(6)));
        Assert.Null(feed.Attach(client, null)); // closed: the hub makes a new one
    }

    [Fact]
    public void Filters_parse_and_refuse_typos()
    {
        var filter = ChangeFeedFilter.Parse(["lot,location"], ["L-1"], ["goods-received"], null, out var problem);
        Assert.Null(problem);
        Assert.Equal(2, filter.Kinds.Count);
        Assert.True(filter.Matches(Entry(Event("e-1", "RACK-1", lot: "L-1"))));
        Assert.False(filter.Matches(Entry(Event("e-2", "RACK-1", lot: "L-2"))));
        ChangeFeedFilter.Parse(["lots"], [], [], null, out problem);
        Assert.Contains("'lots' is not a twin kind", problem);
        ChangeFeedFilter.Parse([], [], ["goods-recieved"], null, out problem);
        Assert.Contains("'goods-recieved' is not an event type", problem);
    }

    private static PlantFeed NewFeed(int retained) =>
        new("p1", "0a1b2c3d", retained, (change, position) => System.Text.Encoding.UTF8.GetBytes($"id: {position}\n\n"), Now);

    private static FeedEntry Entry(TwinEvent change) => new(1, change, ChangeFeedEvent.TypeOf(change.Payload), []);

    private static TwinEvent Event(string id, string location, string lot = "L-1") =>
        new(id, "corr-1", null, TwinEvent.CurrentSchemaVersion, Now, "p1", TwinKind.Location, location, 1,
            new GoodsReceived(location, "steel", lot, 1m, "kg", null));

    private static List<FeedEntry> Drain(FeedSubscriber subscriber)
    {
        var entries = new List<FeedEntry>();
        while (subscriber.Pending.TryRead(out var entry))
        {
            entries.Add(entry);
        }

        return entries;
    }
}
