using Sotp.Core.Live;

namespace Sotp.Tests.Core.Live;

public class LiveFeedTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private readonly LiveFeed<int, (int Key, string Value)> _feed = new(TimeProvider.System) { BatchWindow = TimeSpan.Zero };

    private static async Task<IReadOnlyList<KeyedChange<TKey, TItem>>> NextBatchAsync<TKey, TItem>(
        LiveSubscription<IReadOnlyList<TItem>, KeyedChange<TKey, TItem>> subscription)
    {
        await using var batches = subscription.ReadBatchesAsync(Ct).GetAsyncEnumerator(Ct);
        Assert.True(await batches.MoveNextAsync());
        return batches.Current;
    }

    [Fact]
    public async Task A_subscriber_gets_the_snapshot_then_the_changes()
    {
        _feed.Publish(1, (1, "a"));
        using var subscription = _feed.Subscribe();
        _feed.Publish(2, (2, "b"));

        Assert.Equal([(1, "a")], subscription.Snapshot);
        var change = Assert.Single(await NextBatchAsync(subscription));
        Assert.Equal((ChangeKind.Upsert, 2, (2, "b")), (change.Kind, change.Key, change.Item));
    }

    [Fact]
    public async Task A_removal_reaches_subscribers_with_the_last_value()
    {
        _feed.Publish(1, (1, "a"));
        using var subscription = _feed.Subscribe(item => item.Value == "a");

        _feed.Remove(1);

        var change = Assert.Single(await NextBatchAsync(subscription));
        Assert.Equal((ChangeKind.Removed, 1, (1, "a")), (change.Kind, change.Key, change.Item));
        Assert.Equal(0, _feed.Count);
    }

    [Fact]
    public void Removing_an_unknown_key_tells_nobody()
    {
        using var subscription = _feed.Subscribe();

        _feed.Remove(42);

        Assert.Equal(0, subscription.Dropped);
        Assert.Empty(_feed.Current);
    }

    [Fact]
    public async Task A_filter_keeps_other_keys_out()
    {
        using var subscription = _feed.Subscribe(item => item.Key == 7);
        _feed.Publish(6, (6, "no"));
        _feed.Publish(7, (7, "yes"));

        Assert.Equal([7], (await NextBatchAsync(subscription)).Select(c => c.Key));
    }

    [Fact]
    public async Task A_key_subscription_sees_its_key_only_and_its_value_as_the_snapshot()
    {
        _feed.Publish(7, (7, "before"));
        _feed.Publish(8, (8, "other"));
        using var subscription = _feed.Subscribe(7);
        _feed.Publish(8, (8, "other again"));
        _feed.Publish(7, (7, "after"));

        Assert.Equal([(7, "before")], subscription.Snapshot);
        Assert.Equal([(7, "after")], (await NextBatchAsync(subscription)).Select(c => c.Item));
    }

    [Fact]
    public async Task A_subscriber_that_falls_behind_keeps_the_newest_value_of_every_key_and_loses_none()
    {
        using var subscription = _feed.Subscribe();
        for (var round = 0; round < 1000; round++)
        {
            for (var key = 0; key < 50; key++)
            {
                _feed.Publish(key, (key, $"v{round}"));
            }
        }

        _feed.Remove(3);

        var batch = await NextBatchAsync(subscription);
        Assert.Equal(50, batch.Count);
        Assert.All(batch.Where(c => c.Key != 3), c => Assert.Equal("v999", c.Item.Value));
        Assert.True(batch.Single(c => c.Key == 3).IsRemoval);
        Assert.Equal(0, subscription.Dropped);
    }

    [Fact]
    public void Disposing_a_subscription_unregisters_it_once()
    {
        var subscription = _feed.Subscribe();
        Assert.Equal(1, _feed.SubscriberCount);

        subscription.Dispose();
        subscription.Dispose();

        Assert.Equal(0, _feed.SubscriberCount);
    }
}
