using Microsoft.EntityFrameworkCore;
using Sotp.Core.Persistence;

namespace Sotp.Tests.Support;

/// <summary>
/// A context factory whose asynchronous reads, once the test closes the gate, wait until it opens it again (or
/// the caller gives up), so a test can act while a component's first database load is under way.
/// </summary>
public sealed class GatedContextFactory(IDbContextFactory<SotpDbContext> inner) : IDbContextFactory<SotpDbContext>
{
    private TaskCompletionSource _gate = Opened();

    /// <summary>Reads that reached the closed gate.</summary>
    public int Waiting { get; private set; }

    public void Close()
    {
        _gate = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        Waiting = 0;
    }

    public void Open() => _gate.TrySetResult();

    public SotpDbContext CreateDbContext() => inner.CreateDbContext();

    public async Task<SotpDbContext> CreateDbContextAsync(CancellationToken cancellationToken = default)
    {
        if (!_gate.Task.IsCompleted)
        {
            Waiting++;
            await _gate.Task.WaitAsync(cancellationToken);
        }

        return inner.CreateDbContext();
    }

    private static TaskCompletionSource Opened()
    {
        var open = new TaskCompletionSource();
        open.SetResult();
        return open;
    }
}
