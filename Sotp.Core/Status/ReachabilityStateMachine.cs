namespace Sotp.Core.Status;

/// <summary>A state change decided by <see cref="ReachabilityStateMachine"/>.</summary>
public readonly record struct StateChange(DeviceState From, DeviceState To, DateTimeOffset At);

/// <summary>
/// Judges one device from its probes: Down after <c>downAfterLost</c> lost probes in a row, Up after
/// <c>upAfterAnswered</c> answered ones; a single lost probe never flaps a device. Not thread-safe: one
/// device's probes are observed one at a time.
/// </summary>
public sealed class ReachabilityStateMachine(int downAfterLost, int upAfterAnswered, int lossWindow)
{
    private readonly bool[] _recent = new bool[lossWindow];
    private int _recentCount;
    private int _recentNext;
    private int _lostInRow;
    private int _answeredInRow;

    public DeviceState State { get; private set; } = DeviceState.Unknown;

    /// <summary>When the current state began (null while Unknown from the start).</summary>
    public DateTimeOffset? Since { get; private set; }

    public double? LastRttMs { get; private set; }

    public DateTimeOffset? LastProbeAt { get; private set; }

    /// <summary>Share of lost probes among the most recent ones, 0 to 100.</summary>
    public double LossPercent => _recentCount == 0 ? 0 : 100.0 * _recent.Take(_recentCount).Count(lost => lost) / _recentCount;

    /// <summary>Continues from a state recorded before a restart, so "down since" survives it.</summary>
    public void Restore(DeviceState state, DateTimeOffset since)
    {
        State = state;
        Since = since;
    }

    /// <summary>Feeds one probe result; returns the change it caused, if any.</summary>
    public StateChange? Observe(double? rttMs, DateTimeOffset at)
    {
        var answered = rttMs is not null;
        _recent[_recentNext] = !answered;
        _recentNext = (_recentNext + 1) % _recent.Length;
        _recentCount = Math.Min(_recentCount + 1, _recent.Length);
        LastRttMs = rttMs;
        LastProbeAt = at;

        if (answered)
        {
            _answeredInRow++;
            _lostInRow = 0;
            if (State != DeviceState.Up && _answeredInRow >= upAfterAnswered)
            {
                return Change(DeviceState.Up, at);
            }
        }
        else
        {
            _lostInRow++;
            _answeredInRow = 0;
            if (State != DeviceState.Down && _lostInRow >= downAfterLost)
            {
                return Change(DeviceState.Down, at);
            }
        }

        return null;
    }

    private StateChange Change(DeviceState to, DateTimeOffset at)
    {
        var change = new StateChange(State, to, at);
        State = to;
        Since = at;
        return change;
    }
}
