using Microsoft.AspNetCore.Components.Server.Circuits;

namespace Sotp.Console.Identity;

/// <summary>
/// Remembers when the person behind this circuit last did something (a click, a key, a navigation),
/// so an idle session can be ended even though the circuit itself stays connected.
/// </summary>
public sealed class CircuitActivity(TimeProvider time) : CircuitHandler
{
    private long _lastActivityTicks = time.GetUtcNow().UtcTicks;

    public DateTimeOffset LastActivity => new(Interlocked.Read(ref _lastActivityTicks), TimeSpan.Zero);

    public override Func<CircuitInboundActivityContext, Task> CreateInboundActivityHandler(
        Func<CircuitInboundActivityContext, Task> next) => context =>
    {
        Interlocked.Exchange(ref _lastActivityTicks, time.GetUtcNow().UtcTicks);
        return next(context);
    };
}
