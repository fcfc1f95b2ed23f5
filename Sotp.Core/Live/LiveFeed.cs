using System.Collections.Concurrent;
using System.Collections.Immutable;
using System.Runtime.CompilerServices;
using System.Threading.Channels;

namespace Sotp.Core.Live;

/// <summary>
/// The one live-data contract of SOTP: the current value per key as a snapshot, plus a stream of changes per
/// subscriber. Each subscriber has its own bounded channel (oldest dropped, and counted, when a reader falls
/// behind) and receives changes in batches, so a page renders at most once per batch window.
/// </summary>
public sealed class LiveFeed<TKey, TItem>(TimeProvider time, int subscriberCapacity = 4096)
    where TKey : notnull
{
    private readonly ConcurrentDictionary<TKey, TItem> _current = new();
    private ImmutableArray<Subscriber> _subscribers = [];
    private long _dropped;

    /// <summary>How long a subscriber gathers changes after the first one before handing them over.</summary>
    public TimeSpan BatchWindow { get; set; } = TimeSpan.FromMilliseconds(100);

    /// <summary>Changes dropped because a subscriber did not keep up (it still has the newest state).</summary>
    public long Dropped => Interlocked.Read(ref _dropped);

    public int SubscriberCount => _subscribers.Length;

    public bool TryGet(TKey key, out TItem item) => _current.TryGetValue(key, out item!);

    public IEnumerable<TItem> Current => _current.Values;

    public void Publish(TKey key, TItem item)
    {
        _current[key] = item;
        foreach (var subscriber in _subscribers)
        {
            if (subscriber.Accepts(item))
            {
                subscriber.Channel.Writer.TryWrite(item);
            }
        }
    }

    /// <summary>Forgets a key (no change is sent: subscribers learn of removals from their own source).</summary>
    public void Remove(TKey key) => _current.TryRemove(key, out _);

    /// <summary>
    /// Registers first, then takes the snapshot, so no change falls between the two (a change may appear in
    /// both: consumers apply items by key). Dispose the subscription to stop.
    /// </summary>
    public LiveSubscription<TItem> Subscribe(Func<TItem, bool>? filter = null)
    {
        var subscriber = new Subscriber(filter, Channel.CreateBounded<TItem>(
            new BoundedChannelOptions(subscriberCapacity)
            {
                FullMode = BoundedChannelFullMode.DropOldest,
                SingleReader = true,
            },
            _ => Interlocked.Increment(ref _dropped)));
        ImmutableInterlocked.Update(ref _subscribers, list => list.Add(subscriber));
        var snapshot = _current.Values.Where(subscriber.Accepts).ToArray();
        return new LiveSubscription<TItem>(snapshot, subscriber.Channel.Reader, BatchWindow, time, () =>
        {
            ImmutableInterlocked.Update(ref _subscribers, list => list.Remove(subscriber));
            subscriber.Channel.Writer.TryComplete();
        });
    }

    private sealed record Subscriber(Func<TItem, bool>? Filter, Channel<TItem> Channel)
    {
        public bool Accepts(TItem item) => Filter is null || Filter(item);
    }
}

/// <summary>A snapshot and the batches of changes that follow it.</summary>
public sealed class LiveSubscription<TItem> : IDisposable
{
    private readonly ChannelReader<TItem> _reader;
    private readonly TimeSpan _window;
    private readonly TimeProvider _time;
    private readonly Action _unsubscribe;

    internal LiveSubscription(IReadOnlyList<TItem> snapshot, ChannelReader<TItem> reader, TimeSpan window, TimeProvider time, Action unsubscribe)
    {
        Snapshot = snapshot;
        _reader = reader;
        _window = window;
        _time = time;
        _unsubscribe = unsubscribe;
    }

    public IReadOnlyList<TItem> Snapshot { get; }

    /// <summary>Waits for a change, gathers what else arrives within the batch window, yields the batch.</summary>
    public async IAsyncEnumerable<IReadOnlyList<TItem>> ReadBatchesAsync([EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var batch = new List<TItem>();
        while (await _reader.WaitToReadAsync(cancellationToken))
        {
            if (_window > TimeSpan.Zero)
            {
                await Task.Delay(_window, _time, cancellationToken);
            }

            while (_reader.TryRead(out var item))
            {
                batch.Add(item);
            }

            if (batch.Count > 0)
            {
                yield return batch.ToArray();
                batch.Clear();
            }
        }
    }

    public void Dispose() => _unsubscribe();
}
