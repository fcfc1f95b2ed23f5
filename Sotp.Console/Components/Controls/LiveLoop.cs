using Sotp.Core.Live;

namespace Sotp.Console.Components.Controls;

/// <summary>
/// Runs a component's live subscription: reads batches of changes in the background and hands each batch to
/// the component, which applies it and re-renders once. Disposing cancels the loop and waits for it.
/// </summary>
public sealed class LiveLoop<TItem> : IAsyncDisposable
{
    private readonly LiveSubscription<TItem> _subscription;
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _loop;
    private readonly Func<Exception, Task>? _onError;

    /// <summary>
    /// Starts reading <paramref name="subscription"/>; its snapshot is for the caller to apply first. A component
    /// passes its <c>DispatchExceptionAsync</c> as <paramref name="onError"/> so a failing batch reaches its error boundary.
    /// </summary>
    public LiveLoop(LiveSubscription<TItem> subscription, Func<IReadOnlyList<TItem>, Task> onBatch, Func<Exception, Task>? onError = null)
    {
        _subscription = subscription;
        _onError = onError;
        _loop = RunAsync(onBatch);
    }

    private async Task RunAsync(Func<IReadOnlyList<TItem>, Task> onBatch)
    {
        try
        {
            await foreach (var batch in _subscription.ReadBatchesAsync(_stop.Token))
            {
                await onBatch(batch);
            }
        }
        catch (OperationCanceledException)
        {
            // The component went away.
        }
        catch (ObjectDisposedException)
        {
            // The circuit closed while a render was being queued.
        }
        catch (Exception ex) when (_onError is not null)
        {
            // Handed to the component, whose error boundary shows a plain message and logs the detail.
            await _onError(ex);
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        _subscription.Dispose();
        await _loop;
        _stop.Dispose();
    }
}
