using System.Threading.Channels;

namespace Sotp.Core.Live;

/// <summary>The changes one subscriber has not read yet, and a signal that there are some.</summary>
internal abstract class PendingChanges<TChange>
{
    // One pending wake-up is enough: the reader drains everything there is when it wakes.
    private readonly Channel<bool> _signal = Channel.CreateBounded<bool>(
        new BoundedChannelOptions(1) { FullMode = BoundedChannelFullMode.DropWrite, SingleReader = true });

    public virtual long Dropped => 0;

    public async ValueTask<bool> WaitAsync(CancellationToken cancellationToken)
    {
        if (!await _signal.Reader.WaitToReadAsync(cancellationToken))
        {
            return false;
        }

        _signal.Reader.TryRead(out _);
        return true;
    }

    public abstract IReadOnlyList<TChange> Drain();

    public void Complete() => _signal.Writer.TryComplete();

    protected void Signal() => _signal.Writer.TryWrite(true);
}

/// <summary>
/// Keyed state: only the newest change per key waits, so a subscriber that falls behind still ends with every
/// key's latest value and memory stays bounded by the number of keys.
/// </summary>
internal sealed class LatestPerKey<TKey, TItem> : PendingChanges<KeyedChange<TKey, TItem>>
    where TKey : notnull
{
    private readonly Dictionary<TKey, KeyedChange<TKey, TItem>> _pending = [];

    public void Offer(KeyedChange<TKey, TItem> change)
    {
        lock (_pending)
        {
            // A key changed again keeps its place; the newest change wins.
            _pending[change.Key] = change;
        }

        Signal();
    }

    public override IReadOnlyList<KeyedChange<TKey, TItem>> Drain()
    {
        lock (_pending)
        {
            var batch = _pending.Values.ToArray();
            _pending.Clear();
            return batch;
        }
    }
}

/// <summary>Events: every one in order, up to a bound; past it the oldest go and are counted.</summary>
internal sealed class BoundedQueue<TEvent>(int capacity) : PendingChanges<TEvent>
{
    private readonly Queue<TEvent> _pending = new();
    private long _dropped;

    public override long Dropped => Interlocked.Read(ref _dropped);

    public void Offer(TEvent item)
    {
        lock (_pending)
        {
            if (_pending.Count >= capacity)
            {
                _pending.Dequeue();
                Interlocked.Increment(ref _dropped);
            }

            _pending.Enqueue(item);
        }

        Signal();
    }

    public override IReadOnlyList<TEvent> Drain()
    {
        lock (_pending)
        {
            var batch = _pending.ToArray();
            _pending.Clear();
            return batch;
        }
    }
}
