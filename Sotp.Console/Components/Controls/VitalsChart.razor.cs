using Microsoft.AspNetCore.Components;
using Sotp.Core.Metrics;
using Vizor.ECharts;

namespace Sotp.Console.Components.Controls;

/// <summary>
/// A line chart of some of a device's metric series (CPU and memory, or interface traffic): either live (the
/// tracker's window, each poll appended as it lands and pushed to the browser without a reload) or a range of
/// history read from the metric store at the resolution the range calls for.
/// </summary>
public partial class VitalsChart : IAsyncDisposable
{
    private readonly Dictionary<string, List<object?[]>> _data = [];
    private ChartOptions _options = new();
    private EChart? _chart;
    private LiveLoop<DeviceVitals>? _live;
    private DateTimeOffset? _last;
    private int _points;

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

    /// <summary>Null for the live window (updated as polls land); else this much history from the metric store.</summary>
    [Parameter]
    public TimeSpan? History { get; set; }

    /// <summary>How far back the live chart reaches (the tracker keeps up to an hour).</summary>
    [Parameter]
    public TimeSpan LiveWindow { get; set; } = TimeSpan.FromMinutes(15);

    [Inject]
    public required VitalsTracker Vitals { get; init; }

    [Inject]
    public required MetricHistory Store { get; init; }

    [Inject]
    public required TimeProvider Time { get; init; }

    protected override async Task OnInitializedAsync()
    {
        var lines = new List<ISeries>();
        var now = Time.GetUtcNow();
        foreach (var (series, label) in Series)
        {
            var source = History is { } span
                ? (await Store.QueryAsync(DeviceId, series, now - span, now, CancellationToken.None)).Points
                : Vitals.Series(DeviceId, series).Where(p => p.At >= now - LiveWindow);
            var points = source.Select(p => new object?[] { p.At.ToUnixTimeMilliseconds(), Scaled(p.Value) }).ToList();
            _data[series] = points;
            _last = points.Count > 0 ? DateTimeOffset.FromUnixTimeMilliseconds((long)points[^1][0]!) : _last;
            lines.Add(new LineSeries { Name = label, Data = points, ShowSymbol = false });
        }

        _points = _data.Values.Sum(d => d.Count);
        _options = new ChartOptions
        {
            DarkMode = true,
            BackgroundColor = new Color("transparent"),
            Animation = false,
            Tooltip = new Tooltip { Trigger = TooltipTrigger.Axis },
            Legend = new Legend { Top = "0", Type = LegendType.Scroll },
            Grid = new Grid { Left = "60", Right = "20", Top = "40", Bottom = "30" },
            // The axis starts where the range does, so one early point is not stretched over days.
            XAxis = new XAxis { Type = AxisType.Time, Min = (now - (History ?? LiveWindow)).ToUnixTimeMilliseconds() },
            YAxis = Unit == "percent"
                ? new YAxis { Type = AxisType.Value, Min = 0, Max = 100, Name = "%" }
                : new YAxis { Type = AxisType.Value, Min = 0, Name = "Mbit/s" },
            Series = lines,
        };

        if (!RendererInfo.IsInteractive || History is not null)
        {
            return;
        }

        _live = new LiveLoop<DeviceVitals>(Vitals.Feed.Subscribe(v => v.DeviceId == DeviceId), async batch =>
        {
            var changed = false;
            foreach (var vitals in batch)
            {
                changed |= Append(vitals);
            }

            if (changed)
            {
                await InvokeAsync(async () =>
                {
                    StateHasChanged();
                    await _chart.TryUpdateAsync();
                });
            }
        }, DispatchExceptionAsync);
    }

    private bool Append(DeviceVitals vitals)
    {
        if (vitals.Error is not null || (_last is { } last && vitals.PolledAt <= last))
        {
            return false;
        }

        _last = vitals.PolledAt;
        var at = vitals.PolledAt.ToUnixTimeMilliseconds();
        foreach (var (series, points) in _data)
        {
            points.Add([at, Scaled(ValueOf(vitals, series))]);
            var oldest = (vitals.PolledAt - LiveWindow).ToUnixTimeMilliseconds();
            points.RemoveAll(p => (long)p[0]! < oldest);
            _options.XAxis!.Min = oldest;
        }

        _points = _data.Values.Sum(d => d.Count);
        return true;
    }

    // Traffic is drawn in Mbit/s, so the axis reads "6,800" rather than "6,800,000,000".
    private double? Scaled(double? value) => Unit == "bits" && value is { } v ? Math.Round(v / 1e6, 3) : value;

    private static double? ValueOf(DeviceVitals vitals, string series)
    {
        if (series == MetricSeries.Cpu)
        {
            return vitals.CpuPercent;
        }

        if (series == MetricSeries.Memory)
        {
            return vitals.MemoryPercent;
        }

        var parts = series.Split('.');
        var ifIndex = int.Parse(parts[1], System.Globalization.CultureInfo.InvariantCulture);
        var i = vitals.Interfaces.FirstOrDefault(x => x.IfIndex == ifIndex);
        return parts[2] == "in" ? i?.InBps : i?.OutBps;
    }

    public async ValueTask DisposeAsync()
    {
        if (_live is not null)
        {
            await _live.DisposeAsync();
        }

        GC.SuppressFinalize(this);
    }
}
