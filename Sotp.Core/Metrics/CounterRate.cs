namespace Sotp.Core.Metrics;

/// <summary>Why no rate could be computed from two counter readings.</summary>
public enum RateGap
{
    None,
    FirstReading,
    AgentRestarted,
    CounterDiscontinuity,
    CounterReset,
    AboveLineRate,
    NoTimeElapsed,
}

/// <summary>One reading of an interface counter, with the agent's uptime that dates it.</summary>
public readonly record struct CounterReading(ulong Value, uint UptimeTicks, DateTimeOffset At, uint DiscontinuityTicks = 0);

/// <summary>
/// Turns two readings of an octet counter into bits per second, honestly: a Counter32 that went backwards
/// wrapped once; a Counter64 that went backwards was reset; an agent whose uptime went backwards restarted;
/// a changed discontinuity time voids the pair; and a rate above the interface speed is refused rather than
/// drawn as a spike. In each of those cases there is no rate, with the reason.
/// </summary>
public static class CounterRate
{
    /// <summary>Line rate is allowed to be exceeded by this much (clock jitter between polls).</summary>
    public const double SpeedTolerance = 1.05;

    public static (double? BitsPerSecond, RateGap Gap) Compute(CounterReading? previous, CounterReading current, bool is64Bit, double speedBps)
    {
        if (previous is not { } before)
        {
            return (null, RateGap.FirstReading);
        }

        if (current.UptimeTicks < before.UptimeTicks)
        {
            return (null, RateGap.AgentRestarted);
        }

        if (current.DiscontinuityTicks != before.DiscontinuityTicks)
        {
            return (null, RateGap.CounterDiscontinuity);
        }

        ulong delta;
        if (current.Value >= before.Value)
        {
            delta = current.Value - before.Value;
        }
        else if (!is64Bit && before.Value <= uint.MaxValue)
        {
            delta = current.Value + (1UL << 32) - before.Value;
        }
        else
        {
            return (null, RateGap.CounterReset);
        }

        // The agent's own clock dates the readings best; the poller's clock is the fallback.
        var seconds = current.UptimeTicks > before.UptimeTicks
            ? (current.UptimeTicks - before.UptimeTicks) / 100.0
            : (current.At - before.At).TotalSeconds;
        if (seconds <= 0)
        {
            return (null, RateGap.NoTimeElapsed);
        }

        var bps = delta * 8.0 / seconds;
        return speedBps > 0 && bps > speedBps * SpeedTolerance ? (null, RateGap.AboveLineRate) : (bps, RateGap.None);
    }
}
