using Sotp.Core.Live;

namespace Sotp.Tests.Core.Live;

public class EventStreamTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private readonly EventStream<int> _stream = new(TimeProvider.System, recentCount: 3, subscriberCapacity: 4) { BatchWindow = TimeSpan.Zero };

    private static async Task<IReadOnlyList<int>> NextBatchAsync(LiveSubscription<IReadOnlyList<int>, int> subscription)
    {
        await using var batches = subscription.ReadBatchesAsync(Ct).GetAsyncEnumerator(Ct);
        Assert.True(await batches.MoveNextAsync());
        return batches.Current;
    }

    [Fact]
    public async Task A_subscriber_gets_the_most_recent_events_then_each_new_one_in_order()
    {
        foreach (var i in Enumerable.Range(1, 5))
        {
            _stream.Append(i);
        }

        using var subscription = _stream.Subscribe();
        _stream.Append(6);
        _stream.Append(7);

        Assert.Equal([3, 4, 5], subscription.Snapshot);
        Assert.Equal([6, 7], await NextBatchAsync(subscription));
        Assert.Equal(7, _stream.Appended);
    }

    [Fact]
    public async Task A_subscriber_that_falls_behind_loses_the_oldest_events_and_can_show_how_many()
    {
        using var slow = _stream.Subscribe();
        using var other = _stream.Subscribe(i => i % 2 == 0);
        foreach (var i in Enumerable.Range(1, 10))
        {
            _stream.Append(i);
        }

        Assert.Equal([7, 8, 9, 10], await NextBatchAsync(slow));
        Assert.Equal(6, slow.Dropped);
        Assert.Equal([4, 6, 8, 10], await NextBatchAsync(other));
        Assert.Equal(1, other.Dropped);
        Assert.Equal(7, _stream.Dropped);
    }

    [Fact]
    public async Task A_filtered_subscriber_sees_matching_events_only_in_its_snapshot_and_after()
    {
        foreach (var i in Enumerable.Range(1, 3))
        {
            _stream.Append(i);
        }

        using var subscription = _stream.Subscribe(i => i != 2);
        _stream.Append(4);

        Assert.Equal([1, 3], subscription.Snapshot);
        Assert.Equal([4], await NextBatchAsync(subscription));
    }

    [Fact]
    public async Task Events_appended_from_many_threads_reach_a_subscriber_once_each()
    {
        var stream = new EventStream<int>(TimeProvider.System, subscriberCapacity: 100_000) { BatchWindow = TimeSpan.Zero };
        using var subscription = stream.Subscribe();
        await Task.WhenAll(Enumerable.Range(0, 4).Select(t => Task.Run(() =>
        {
            for (var i = 0; i < 10_000; i++)
            {
                stream.Append(t * 10_000 + i);
            }
        }, Ct)));

        var seen = new List<int>();
        await using var batches = subscription.ReadBatchesAsync(Ct).GetAsyncEnumerator(Ct);
        while (seen.Count < 40_000 && await batches.MoveNextAsync())
        {
            seen.AddRange(batches.Current);
        }

        Assert.Equal(Enumerable.Range(0, 40_000), seen.Order());
        // Each writer's own events keep their order.
        Assert.All(Enumerable.Range(0, 4), t => Assert.Equal(seen.Where(x => x / 10_000 == t), seen.Where(x => x / 10_000 == t).Order()));
    }

    [Fact]
    public void Disposing_a_subscription_unregisters_it()
    {
        var subscription = _stream.Subscribe();
        Assert.Equal(1, _stream.SubscriberCount);

        subscription.Dispose();

        Assert.Equal(0, _stream.SubscriberCount);
    }
}
