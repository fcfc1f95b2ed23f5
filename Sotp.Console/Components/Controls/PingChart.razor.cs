using Microsoft.AspNetCore.Components;
using Sotp.Console.Components.Layout;
using Sotp.Core.Status;
using Vizor.ECharts;

namespace Sotp.Console.Components.Controls;

/// <summary>
/// A device's RTT and loss over the tracker's live window (Apache ECharts). The points are the tracker's own
/// (RTT and the loss its state machine measured); each status change of the device brings the probes that
/// are new since the last point, pushed to the browser without a reload.
/// </summary>
public partial class PingChart
{
    private readonly List<object?[]> _rtt = [];
    private readonly List<object?[]> _loss = [];
    private ChartOptions _options = new();
    private LazyEChart? _chart;
    private DateTimeOffset? _lastPoint;
    private ConsoleTheme? _drawnTheme;

    [Parameter, EditorRequired]
    public int DeviceId { get; set; }

    [CascadingParameter]
    public ConsoleTheme Theme { get; set; } = ConsoleTheme.Dark;

    [Inject]
    public required ReachabilityTracker Reachability { get; init; }

    [Inject]
    public required TimeProvider Time { get; init; }

    protected override void OnInitialized() => OnParametersSet();

    protected override Task OnInitializedAsync() =>
        FollowAsync(() => Reachability.Feed.Subscribe(DeviceId), _ => Append(), async _ =>
        {
            Append();
            await (_chart?.UpdateAsync() ?? Task.CompletedTask);
        });

    protected override void OnParametersSet()
    {
        // A new theme needs new options: the chart is created afresh with them (@key).
        if (_drawnTheme != Theme)
        {
            _drawnTheme = Theme;
            _options = BuildOptions();
        }
    }

    private void Append()
    {
        foreach (var point in Reachability.HistoryOf(DeviceId, _lastPoint))
        {
            var ms = point.At.ToUnixTimeMilliseconds();
            _rtt.Add([ms, point.RttMs is { } rtt ? Math.Round(rtt, 3) : null]);
            _loss.Add([ms, Math.Round(point.LossPercent, 1)]);
            _lastPoint = point.At;
        }

        var oldest = WindowStart();
        var stale = _rtt.TakeWhile(p => (long)p[0]! < oldest).Count();
        _rtt.RemoveRange(0, stale);
        _loss.RemoveRange(0, stale);
        if (_options.XAxis is { } axis)
        {
            axis.Min = oldest;
        }
    }

    private long WindowStart() => (Time.GetUtcNow() - Reachability.LiveWindow).ToUnixTimeMilliseconds();

    private ChartOptions BuildOptions()
    {
        var options = TimeSeriesChart.Options(Theme, WindowStart(), leftMargin: "50", rightMargin: "50");
        options.YAxisList =
        [
            new YAxis { Type = AxisType.Value, Name = "RTT (ms)", Min = 0 },
            new YAxis { Type = AxisType.Value, Name = "loss (%)", Min = 0, Max = 100, Position = LeftOrRight.Right },
        ];
        var loss = TimeSeriesChart.Line("Loss", _loss, yAxis: 1);
        loss.Step = Step.End;
        options.Series = [TimeSeriesChart.Line("RTT", _rtt), loss];
        return options;
    }
}
