using System.Collections.Immutable;

namespace Sotp.Core.Live;

/// <summary>
/// An append-only, ordered stream of things that happen once (status changes, audit entries; later syslog,
/// traps, alerts, remediations): the most recent events as a snapshot, then every new one per subscriber, in
/// order (docs/live.md). Each subscriber has a bounded queue; one that falls behind loses its oldest events and
/// sees how many in <see cref="LiveSubscription{TSnapshot,TChange}.Dropped"/>.
/// </summary>
public sealed class EventStream<TEvent>(TimeProvider time, int recentCount = 100, int subscriberCapacity = 1024)
{
    private readonly Queue<TEvent> _recent = new();
    private readonly Lock _lock = new();
    private ImmutableArray<Subscriber> _subscribers = [];
    private long _appended;

    /// <summary>How long a subscriber gathers events after the first one before handing them over.</summary>
    public TimeSpan BatchWindow { get; set; } = TimeSpan.FromMilliseconds(100);

    public int SubscriberCount => _subscribers.Length;

    /// <summary>Events appended since the start.</summary>
    public long Appended => Interlocked.Read(ref _appended);

    /// <summary>Subscribers' lost events, summed (a figure for the platform's own metrics).</summary>
    public long Dropped => _subscribers.Sum(s => s.Pending.Dropped);

    public void Append(TEvent item)
    {
        lock (_lock)
        {
            _recent.Enqueue(item);
            if (_recent.Count > recentCount)
            {
                _recent.Dequeue();
            }

            Interlocked.Increment(ref _appended);
            foreach (var subscriber in _subscribers)
            {
                if (subscriber.Filter is null || subscriber.Filter(item))
                {
                    subscriber.Pending.Offer(item);
                }
            }
        }
    }

    /// <summary>The most recent events that match, oldest first, without following what comes next.</summary>
    public IReadOnlyList<TEvent> Recent(Func<TEvent, bool> filter)
    {
        lock (_lock)
        {
            return [.. _recent.Where(filter)];
        }
    }

    /// <summary>Registers and copies the most recent events (oldest first) under one lock: none missed, none twice.</summary>
    public LiveSubscription<IReadOnlyList<TEvent>, TEvent> Subscribe(Func<TEvent, bool>? filter = null)
    {
        lock (_lock)
        {
            var subscriber = new Subscriber(filter, new BoundedQueue<TEvent>(subscriberCapacity));
            ImmutableInterlocked.Update(ref _subscribers, list => list.Add(subscriber));
            return new LiveSubscription<IReadOnlyList<TEvent>, TEvent>(filter is null ? [.. _recent] : [.. _recent.Where(filter)],
                subscriber.Pending, BatchWindow, time, () => ImmutableInterlocked.Update(ref _subscribers, list => list.Remove(subscriber)));
        }
    }

    private sealed record Subscriber(Func<TEvent, bool>? Filter, BoundedQueue<TEvent> Pending);
}
