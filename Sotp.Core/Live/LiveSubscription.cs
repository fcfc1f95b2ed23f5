using System.Runtime.CompilerServices;

namespace Sotp.Core.Live;

/// <summary>
/// What one subscriber of a live feed or event stream receives: the snapshot taken just after it was registered,
/// then the changes that follow, in batches (docs/live.md). Disposing it unregisters the subscriber.
/// </summary>
public sealed class LiveSubscription<TSnapshot, TChange> : IDisposable
{
    private readonly PendingChanges<TChange> _pending;
    private readonly TimeSpan _window;
    private readonly TimeProvider _time;
    private readonly Action _unsubscribe;
    private int _disposed;

    internal LiveSubscription(TSnapshot snapshot, PendingChanges<TChange> pending, TimeSpan window, TimeProvider time, Action unsubscribe)
    {
        Snapshot = snapshot;
        _pending = pending;
        _window = window;
        _time = time;
        _unsubscribe = unsubscribe;
    }

    public TSnapshot Snapshot { get; }

    /// <summary>Changes this subscriber lost because it fell behind (event streams only; keyed state never loses one).</summary>
    public long Dropped => _pending.Dropped;

    /// <summary>Waits for a change, gathers what else arrives within the batch window, yields the batch.</summary>
    public async IAsyncEnumerable<IReadOnlyList<TChange>> ReadBatchesAsync([EnumeratorCancellation] CancellationToken cancellationToken)
    {
        while (await _pending.WaitAsync(cancellationToken))
        {
            if (_window > TimeSpan.Zero)
            {
                await Task.Delay(_window, _time, cancellationToken);
            }

            if (_pending.Drain() is { Count: > 0 } batch)
            {
                yield return batch;
            }
        }
    }

    public void Dispose()
    {
        if (Interlocked.Exchange(ref _disposed, 1) == 0)
        {
            _unsubscribe();
            _pending.Complete();
        }
    }
}
