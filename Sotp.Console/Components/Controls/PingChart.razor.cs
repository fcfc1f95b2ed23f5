using Microsoft.AspNetCore.Components;
using Sotp.Core.Status;
using Vizor.ECharts;

namespace Sotp.Console.Components.Controls;

/// <summary>
/// A device's RTT and loss over the live window (Apache ECharts), fed by the reachability live feed: new
/// probes are appended and pushed to the browser as they land, without a page reload.
/// </summary>
public partial class PingChart : IAsyncDisposable
{
    private const int LossWindow = 10;

    private readonly List<object?[]> _rtt = [];
    private readonly List<object?[]> _loss = [];
    private readonly Queue<bool> _recentLost = new();
    private ChartOptions _options = new();
    private EChart? _chart;
    private LiveLoop<DeviceStatus>? _live;
    private DateTimeOffset? _lastPoint;

    [Parameter, EditorRequired]
    public int DeviceId { get; set; }

    [Parameter]
    public bool DarkMode { get; set; } = true;

    [Inject]
    public required ReachabilityTracker Reachability { get; init; }

    [Inject]
    public required TimeProvider Time { get; init; }

    protected override void OnInitialized()
    {
        _options = BuildOptions();
        foreach (var point in Reachability.HistoryOf(DeviceId))
        {
            Append(point.At, point.RttMs);
        }

        if (!RendererInfo.IsInteractive)
        {
            return;
        }

        var subscription = Reachability.Feed.Subscribe(s => s.DeviceId == DeviceId);
        _live = new LiveLoop<DeviceStatus>(subscription, async batch =>
        {
            foreach (var status in batch)
            {
                if (status.LastProbeAt is { } at)
                {
                    Append(at, status.RttMs);
                }
            }

            Trim();
            _options.XAxis!.Min = Time.GetUtcNow().AddHours(-1).ToUnixTimeMilliseconds();
            await InvokeAsync(async () =>
            {
                StateHasChanged();
                await _chart.TryUpdateAsync();
            });
        }, DispatchExceptionAsync);
    }

    private void Append(DateTimeOffset at, double? rttMs)
    {
        // A status can repeat (snapshot and stream overlap): one point per probe.
        if (_lastPoint is { } last && at <= last)
        {
            return;
        }

        _lastPoint = at;
        _recentLost.Enqueue(rttMs is null);
        if (_recentLost.Count > LossWindow)
        {
            _recentLost.Dequeue();
        }

        var ms = at.ToUnixTimeMilliseconds();
        _rtt.Add([ms, rttMs is { } rtt ? Math.Round(rtt, 3) : null]);
        _loss.Add([ms, Math.Round(100.0 * _recentLost.Count(lost => lost) / _recentLost.Count, 1)]);
    }

    private void Trim()
    {
        var oldest = Time.GetUtcNow().AddHours(-1).ToUnixTimeMilliseconds();
        var stale = _rtt.TakeWhile(p => (long)p[0]! < oldest).Count();
        _rtt.RemoveRange(0, stale);
        _loss.RemoveRange(0, stale);
    }

    private ChartOptions BuildOptions() => new()
    {
        DarkMode = DarkMode,
        BackgroundColor = new Color("transparent"),
        Animation = false,
        Tooltip = new Tooltip { Trigger = TooltipTrigger.Axis },
        Legend = new Legend { Top = "0" },
        Grid = new Grid { Left = "50", Right = "50", Top = "40", Bottom = "30" },
        XAxis = new XAxis { Type = AxisType.Time, Min = Time.GetUtcNow().AddHours(-1).ToUnixTimeMilliseconds() },
        YAxisList =
        [
            new YAxis { Type = AxisType.Value, Name = "RTT (ms)", Min = 0 },
            new YAxis { Type = AxisType.Value, Name = "loss (%)", Min = 0, Max = 100, Position = LeftOrRight.Right },
        ],
        Series =
        [
            new LineSeries { Name = "RTT", Data = _rtt, ShowSymbol = false, YAxisIndex = 0 },
            new LineSeries { Name = "Loss", Data = _loss, ShowSymbol = false, YAxisIndex = 1, Step = Step.End },
        ],
    };

    public async ValueTask DisposeAsync()
    {
        if (_live is not null)
        {
            await _live.DisposeAsync();
        }

        GC.SuppressFinalize(this);
    }
}
