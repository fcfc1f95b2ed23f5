using Microsoft.AspNetCore.Components;
using Sotp.Core.Live;

namespace Sotp.Console.Components.Controls;

/// <summary>
/// The base of every component that shows live data (docs/live.md). It owns a cancellation source from its
/// first line, so a person who leaves while the first database read is under way leaves nothing behind;
/// <see cref="FollowAsync{TSnapshot,TChange}"/> is the one way to follow a feed or stream, and makes
/// "register, then read" the only order; disposal is here and nowhere else.
/// </summary>
public abstract class LiveComponentBase : ComponentBase, IAsyncDisposable
{
    private readonly CancellationTokenSource _stopping = new();
    private readonly List<Following> _following = [];

    /// <summary>Cancelled when the component goes away: pass it to every read of the first load.</summary>
    protected CancellationToken Stopping { get; }

    protected LiveComponentBase() => Stopping = _stopping.Token;

    /// <summary>
    /// Subscribes (registering for changes first), hands the snapshot to <paramref name="load"/> to read
    /// whatever else the component needs and apply it all, then, on a live circuit, applies each batch of
    /// changes with <paramref name="apply"/> and renders once per batch. Dispose the result to stop following
    /// early (a parameter changed); the component's own disposal stops everything it still follows.
    /// </summary>
    protected async Task<IAsyncDisposable> FollowAsync<TSnapshot, TChange>(
        Func<LiveSubscription<TSnapshot, TChange>> subscribe,
        Func<TSnapshot, CancellationToken, Task> load,
        Func<IReadOnlyList<TChange>, Task> apply)
    {
        Stopping.ThrowIfCancellationRequested();
        var subscription = subscribe();
        var following = new Following(subscription, CancellationTokenSource.CreateLinkedTokenSource(Stopping));
        lock (_following)
        {
            _following.Add(following);
        }

        await load(subscription.Snapshot, following.Token);
        following.Token.ThrowIfCancellationRequested();
        if (RendererInfo.IsInteractive)
        {
            following.Start(RunAsync(subscription, apply, following.Token));
        }
        else
        {
            // A prerender shows the snapshot once; the live circuit that follows subscribes again.
            await Unfollow(following);
        }

        return new Unfollower(this, following);
    }

    /// <inheritdoc cref="FollowAsync{TSnapshot,TChange}(Func{LiveSubscription{TSnapshot,TChange}},Func{TSnapshot,CancellationToken,Task},Func{IReadOnlyList{TChange},Task})"/>
    protected Task<IAsyncDisposable> FollowAsync<TSnapshot, TChange>(
        Func<LiveSubscription<TSnapshot, TChange>> subscribe, Action<TSnapshot> load, Action<IReadOnlyList<TChange>> apply) =>
        FollowAsync(subscribe, (snapshot, _) =>
        {
            load(snapshot);
            return Task.CompletedTask;
        }, batch =>
        {
            apply(batch);
            return Task.CompletedTask;
        });

    private async Task RunAsync<TSnapshot, TChange>(LiveSubscription<TSnapshot, TChange> subscription,
        Func<IReadOnlyList<TChange>, Task> apply, CancellationToken cancellationToken)
    {
        try
        {
            await foreach (var batch in subscription.ReadBatchesAsync(cancellationToken))
            {
                await InvokeAsync(async () =>
                {
                    await apply(batch);
                    StateHasChanged();
                });
            }
        }
        catch (OperationCanceledException)
        {
            // The component went away, or stopped following.
        }
        catch (ObjectDisposedException)
        {
            // The circuit closed while a render was being queued.
        }
        catch (Exception ex)
        {
            // Handed to the component, whose error boundary shows a plain message and logs the detail.
            await DispatchExceptionAsync(ex);
        }
    }

    private async Task Unfollow(Following following)
    {
        lock (_following)
        {
            _following.Remove(following);
        }

        await following.DisposeAsync();
    }

    public async ValueTask DisposeAsync()
    {
        await _stopping.CancelAsync();
        Following[] all;
        lock (_following)
        {
            all = [.. _following];
            _following.Clear();
        }

        foreach (var following in all)
        {
            await following.DisposeAsync();
        }

        await DisposeLiveAsync();
        _stopping.Dispose();
        GC.SuppressFinalize(this);
    }

    /// <summary>For what else a component holds (a JS module, a session): called after the feeds are let go.</summary>
    protected virtual ValueTask DisposeLiveAsync() => ValueTask.CompletedTask;

    private sealed class Following(IDisposable subscription, CancellationTokenSource stop) : IAsyncDisposable
    {
        private Task _loop = Task.CompletedTask;
        private int _disposed;

        public CancellationToken Token { get; } = stop.Token;

        public void Start(Task loop) => _loop = loop;

        public async ValueTask DisposeAsync()
        {
            if (Interlocked.Exchange(ref _disposed, 1) == 1)
            {
                return;
            }

            await stop.CancelAsync();
            subscription.Dispose();
            await _loop;
            stop.Dispose();
        }
    }

    private sealed class Unfollower(LiveComponentBase owner, Following following) : IAsyncDisposable
    {
        public ValueTask DisposeAsync() => new(owner.Unfollow(following));
    }
}
