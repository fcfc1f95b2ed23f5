using Sotp.Core.Live;

namespace Sotp.Tests.Core.Live;

public class LiveFeedTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private readonly LiveFeed<int, (int Key, string Value)> _feed = new(TimeProvider.System, subscriberCapacity: 4) { BatchWindow = TimeSpan.Zero };

    [Fact]
    public async Task A_subscriber_gets_the_snapshot_then_the_changes()
    {
        _feed.Publish(1, (1, "a"));
        using var subscription = _feed.Subscribe();
        _feed.Publish(2, (2, "b"));

        Assert.Equal([(1, "a")], subscription.Snapshot);
        await using var batches = subscription.ReadBatchesAsync(Ct).GetAsyncEnumerator(Ct);
        Assert.True(await batches.MoveNextAsync());
        Assert.Equal([(2, "b")], batches.Current);
    }

    [Fact]
    public async Task A_filter_keeps_other_keys_out()
    {
        using var subscription = _feed.Subscribe(item => item.Key == 7);
        _feed.Publish(6, (6, "no"));
        _feed.Publish(7, (7, "yes"));

        await using var batches = subscription.ReadBatchesAsync(Ct).GetAsyncEnumerator(Ct);
        Assert.True(await batches.MoveNextAsync());
        Assert.Equal([(7, "yes")], batches.Current);
    }

    [Fact]
    public async Task A_slow_subscriber_loses_the_oldest_changes_and_they_are_counted()
    {
        using var subscription = _feed.Subscribe();
        for (var i = 0; i < 10; i++)
        {
            _feed.Publish(i, (i, "v"));
        }

        await using var batches = subscription.ReadBatchesAsync(Ct).GetAsyncEnumerator(Ct);
        Assert.True(await batches.MoveNextAsync());
        Assert.Equal([6, 7, 8, 9], batches.Current.Select(x => x.Key));
        Assert.Equal(6, _feed.Dropped);
    }

    [Fact]
    public void Disposing_a_subscription_unregisters_it()
    {
        var subscription = _feed.Subscribe();
        Assert.Equal(1, _feed.SubscriberCount);

        subscription.Dispose();

        Assert.Equal(0, _feed.SubscriberCount);
    }
}
