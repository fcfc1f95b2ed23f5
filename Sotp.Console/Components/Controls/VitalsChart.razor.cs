using Microsoft.AspNetCore.Components;
using Sotp.Console.Components.Layout;
using Sotp.Core.Metrics;
using Vizor.ECharts;

namespace Sotp.Console.Components.Controls;

/// <summary>
/// A line chart of some of a device's metric series (CPU and memory, or interface traffic): either live (the
/// tracker's own series over its window, the new points read from it as each poll lands and pushed to the
/// browser without a reload) or a range of history read from the metric store at the resolution it calls for.
/// </summary>
public partial class VitalsChart
{
    private readonly Dictionary<string, List<object?[]>> _data = [];
    private ChartOptions _options = new();
    private LazyEChart? _chart;
    private DateTimeOffset? _last;
    private int _points;
    private ConsoleTheme? _drawnTheme;

    [Parameter, EditorRequired]
    public int DeviceId { get; set; }

    /// <summary>Series to draw: name (<see cref="MetricSeries"/>) and legend label.</summary>
    [Parameter, EditorRequired]
    public required IReadOnlyList<(string Series, string Label)> Series { get; set; }

    /// <summary>"percent" (0-100 axis) or "bits" (drawn in Mbit/s).</summary>
    [Parameter]
    public string Unit { get; set; } = "percent";

    [Parameter]
    public string Height { get; set; } = "280px";

    [Parameter]
    public string TestId { get; set; } = "vitals-chart";

    /// <summary>Null for the tracker's live window (updated as polls land); else this much history from the metric store.</summary>
    [Parameter]
    public TimeSpan? History { get; set; }

    [CascadingParameter]
    public ConsoleTheme Theme { get; set; } = ConsoleTheme.Dark;

    [Inject]
    public required VitalsTracker Vitals { get; init; }

    [Inject]
    public required MetricHistory Store { get; init; }

    [Inject]
    public required TimeProvider Time { get; init; }

    private TimeSpan Range => History ?? Vitals.LiveWindow;

    protected override void OnInitialized()
    {
        foreach (var (series, _) in Series)
        {
            _data[series] = [];
        }

        OnParametersSet();
    }

    protected override async Task OnInitializedAsync()
    {
        if (History is { } span)
        {
            var now = Time.GetUtcNow();
            foreach (var (series, points) in _data)
            {
                Add(points, (await Store.QueryAsync(DeviceId, series, now - span, now, Stopping)).Points);
            }

            _points = _data.Values.Sum(d => d.Count);
            return;
        }

        await FollowAsync(() => Vitals.Feed.Subscribe(DeviceId), _ => AppendLive(), async _ =>
        {
            if (AppendLive())
            {
                await (_chart?.UpdateAsync() ?? Task.CompletedTask);
            }
        });
    }

    protected override void OnParametersSet()
    {
        // A new theme needs new options: the chart is created afresh with them (@key).
        if (_drawnTheme != Theme)
        {
            _drawnTheme = Theme;
            _options = BuildOptions();
        }
    }

    /// <summary>Adds the tracker's points newer than the last one drawn; true when there were some.</summary>
    private bool AppendLive()
    {
        var added = false;
        DateTimeOffset? newest = _last;
        foreach (var (series, points) in _data)
        {
            var fresh = Vitals.Series(DeviceId, series, _last);
            added |= fresh.Count > 0;
            Add(points, fresh);
            if (fresh.Count > 0 && (newest is null || fresh[^1].At > newest))
            {
                newest = fresh[^1].At;
            }

            var oldest = (Time.GetUtcNow() - Range).ToUnixTimeMilliseconds();
            points.RemoveAll(p => (long)p[0]! < oldest);
        }

        _last = newest;
        _points = _data.Values.Sum(d => d.Count);
        if (_options.XAxis is { } axis)
        {
            axis.Min = (Time.GetUtcNow() - Range).ToUnixTimeMilliseconds();
        }

        return added;
    }

    private void Add(List<object?[]> points, IEnumerable<MetricPoint> source) =>
        points.AddRange(source.Select(p => new object?[] { p.At.ToUnixTimeMilliseconds(), Scaled(p.Value) }));

    // Traffic is drawn in Mbit/s, so the axis reads "6,800" rather than "6,800,000,000".
    private double? Scaled(double? value) => Unit == "bits" && value is { } v ? Math.Round(v / 1e6, 3) : value;

    // The axis starts where the range does, so one early point is not stretched over days.
    private ChartOptions BuildOptions()
    {
        var options = TimeSeriesChart.Options(Theme, (Time.GetUtcNow() - Range).ToUnixTimeMilliseconds(), leftMargin: "60", rightMargin: "20");
        options.YAxis = Unit == "percent"
            ? new YAxis { Type = AxisType.Value, Min = 0, Max = 100, Name = "%" }
            : new YAxis { Type = AxisType.Value, Min = 0, Name = "Mbit/s" };
        options.Series = [.. Series.Select(s => (ISeries)TimeSeriesChart.Line(s.Label, _data[s.Series]))];
        return options;
    }
}
