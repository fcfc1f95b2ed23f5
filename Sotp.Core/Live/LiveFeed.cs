using System.Collections.Immutable;

namespace Sotp.Core.Live;

/// <summary>Whether a keyed change brings a new or changed value, or takes the key away.</summary>
public enum ChangeKind
{
    Upsert,
    Removed,
}

/// <summary>
/// One change of keyed state. A removal carries the last value the key had, so filters and pages can still
/// tell what went away.
/// </summary>
public readonly record struct KeyedChange<TKey, TItem>(ChangeKind Kind, TKey Key, TItem Item)
{
    public bool IsRemoval => Kind == ChangeKind.Removed;
}

/// <summary>Applying keyed changes to a copy of the state a subscriber keeps.</summary>
public static class KeyedChanges
{
    /// <summary>A snapshot as the upserts that would have built it, so one method applies both.</summary>
    public static IEnumerable<KeyedChange<TKey, TItem>> AsUpserts<TKey, TItem>(this IEnumerable<TItem> snapshot, Func<TItem, TKey> keyOf) =>
        snapshot.Select(item => new KeyedChange<TKey, TItem>(ChangeKind.Upsert, keyOf(item), item));

    /// <summary>Upserts set the key, removals take it away.</summary>
    public static void ApplyTo<TKey, TItem>(this IEnumerable<KeyedChange<TKey, TItem>> changes, IDictionary<TKey, TItem> state)
        where TKey : notnull
    {
        foreach (var change in changes)
        {
            if (change.IsRemoval)
            {
                state.Remove(change.Key);
            }
            else
            {
                state[change.Key] = change.Item;
            }
        }
    }
}

/// <summary>
/// Keyed live state (device status, vitals, the inventory itself): the current value per key as a snapshot,
/// then every upsert and removal per subscriber (docs/live.md). A subscriber that falls behind loses no key:
/// only the newest change per key waits for it. Changes reach a subscriber in batches, so a page renders at
/// most once per batch window.
/// </summary>
public sealed class LiveFeed<TKey, TItem>(TimeProvider time)
    where TKey : notnull
{
    private readonly Dictionary<TKey, TItem> _current = [];
    private readonly Lock _lock = new();
    private ImmutableArray<Subscriber> _subscribers = [];

    /// <summary>How long a subscriber gathers changes after the first one before handing them over.</summary>
    public TimeSpan BatchWindow { get; set; } = TimeSpan.FromMilliseconds(100);

    public int SubscriberCount => _subscribers.Length;

    public int Count
    {
        get
        {
            lock (_lock)
            {
                return _current.Count;
            }
        }
    }

    public bool TryGet(TKey key, out TItem item)
    {
        lock (_lock)
        {
            return _current.TryGetValue(key, out item!);
        }
    }

    /// <summary>A copy of every current value.</summary>
    public IReadOnlyList<TItem> Current
    {
        get
        {
            lock (_lock)
            {
                return [.. _current.Values];
            }
        }
    }

    public void Publish(TKey key, TItem item)
    {
        lock (_lock)
        {
            _current[key] = item;
            Offer(new KeyedChange<TKey, TItem>(ChangeKind.Upsert, key, item));
        }
    }

    /// <summary>Takes a key away and tells every subscriber that saw it.</summary>
    public void Remove(TKey key)
    {
        lock (_lock)
        {
            if (_current.Remove(key, out var last))
            {
                Offer(new KeyedChange<TKey, TItem>(ChangeKind.Removed, key, last));
            }
        }
    }

    /// <summary>
    /// Registers, then takes the snapshot, under the same lock as every change: nothing falls between the two
    /// and nothing is in both. <paramref name="filter"/> sees the item (the last value, for a removal).
    /// </summary>
    public LiveSubscription<IReadOnlyList<TItem>, KeyedChange<TKey, TItem>> Subscribe(Func<TItem, bool>? filter = null)
    {
        lock (_lock)
        {
            var subscriber = Register(filter is null ? null : (_, item) => filter(item));
            return Start(subscriber, filter is null ? [.. _current.Values] : [.. _current.Values.Where(filter)]);
        }
    }

    /// <summary>Follows one key: the snapshot holds its value if it has one.</summary>
    public LiveSubscription<IReadOnlyList<TItem>, KeyedChange<TKey, TItem>> Subscribe(TKey key)
    {
        var comparer = EqualityComparer<TKey>.Default;
        lock (_lock)
        {
            var subscriber = Register((k, _) => comparer.Equals(k, key));
            return Start(subscriber, _current.TryGetValue(key, out var item) ? [item] : []);
        }
    }

    private Subscriber Register(Func<TKey, TItem, bool>? accepts)
    {
        var subscriber = new Subscriber(accepts, new LatestPerKey<TKey, TItem>());
        ImmutableInterlocked.Update(ref _subscribers, list => list.Add(subscriber));
        return subscriber;
    }

    private LiveSubscription<IReadOnlyList<TItem>, KeyedChange<TKey, TItem>> Start(Subscriber subscriber, IReadOnlyList<TItem> snapshot) =>
        new(snapshot, subscriber.Pending, BatchWindow, time,
            () => ImmutableInterlocked.Update(ref _subscribers, list => list.Remove(subscriber)));

    private void Offer(KeyedChange<TKey, TItem> change)
    {
        foreach (var subscriber in _subscribers)
        {
            if (subscriber.Accepts is null || subscriber.Accepts(change.Key, change.Item))
            {
                subscriber.Pending.Offer(change);
            }
        }
    }

    private sealed record Subscriber(Func<TKey, TItem, bool>? Accepts, LatestPerKey<TKey, TItem> Pending);
}
