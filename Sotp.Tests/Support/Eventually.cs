namespace Sotp.Tests.Support;

/// <summary>
/// Waits for a condition that real peers make true in their own time (a probe answered, a server started):
/// checks it again and again until it holds or the deadline passes. The deadline only bounds a failing test.
/// </summary>
public static class Eventually
{
    private static readonly TimeSpan PollInterval = TimeSpan.FromMilliseconds(100);

    /// <summary>The last value <paramref name="probe"/> returned: the one that satisfied <paramref name="done"/>, or not.</summary>
    public static async Task<T> WaitAsync<T>(Func<Task<T>> probe, Func<T, bool> done, TimeSpan? deadline = null)
    {
        var ct = TestContext.Current.CancellationToken;
        var until = DateTime.UtcNow + (deadline ?? TimeSpan.FromSeconds(20));
        var value = await probe();
        while (!done(value) && DateTime.UtcNow < until)
        {
            await Task.Delay(PollInterval, ct);
            value = await probe();
        }

        return value;
    }
}
