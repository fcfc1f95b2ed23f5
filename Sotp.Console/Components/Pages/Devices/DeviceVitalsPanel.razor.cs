using Microsoft.AspNetCore.Components;
using MudBlazor;
using Sotp.Console.Components.Controls;
using Sotp.Core.Devices;
using Sotp.Core.Metrics;

namespace Sotp.Console.Components.Pages.Devices;

/// <summary>A device's SNMP vitals: live CPU/memory and traffic charts, and the interface table.</summary>
public partial class DeviceVitalsPanel
{
    private static readonly IReadOnlyList<(string, string)> CpuMemory = [(MetricSeries.Cpu, "CPU %"), (MetricSeries.Memory, "memory %")];

    /// <summary>Ranges read from the metric store; the live range is the tracker's window, updated as polls land.</summary>
    private static readonly Dictionary<string, TimeSpan> Ranges = new()
    {
        ["1 h"] = TimeSpan.FromHours(1),
        ["24 h"] = TimeSpan.FromHours(24),
        ["7 d"] = TimeSpan.FromDays(7),
        ["30 d"] = TimeSpan.FromDays(30),
    };

    private string? _range;
    private SnmpSettings? _settings;
    private DeviceVitals? _vitals;
    private List<(string Series, string Label)> _trafficSeries = [];
    private string _trafficKey = "";
    private string? _search;

    [Parameter, EditorRequired]
    public int DeviceId { get; set; }

    [Inject]
    public required SnmpSettingsStore Settings { get; init; }

    [Inject]
    public required VitalsTracker Vitals { get; init; }

    [Inject]
    public required IDialogService Dialogs { get; init; }

    private IReadOnlyList<InterfaceVitals> Interfaces => _vitals?.Interfaces ?? [];

    private string LiveRange => $"Live {Vitals.LiveWindow.TotalMinutes:0} min";

    /// <summary>Null for the live range.</summary>
    private TimeSpan? RangeSpan => _range is not null && Ranges.TryGetValue(_range, out var span) ? span : null;

    protected override async Task OnInitializedAsync()
    {
        _range = LiveRange;
        await FollowAsync(() => Vitals.Feed.Subscribe(DeviceId), async (snapshot, ct) =>
        {
            _settings = await Settings.GetAsync(DeviceId, ct);
            Apply(snapshot.Count > 0 ? snapshot[0] : null);
        }, batch =>
        {
            Apply(batch[^1].IsRemoval ? null : batch[^1].Item);
            return Task.CompletedTask;
        });
    }

    private void Apply(DeviceVitals? vitals)
    {
        _vitals = vitals;
        var busiest = Interfaces.Where(i => i.InBps is not null || i.OutBps is not null)
            .OrderByDescending(i => Math.Max(i.InBps ?? 0, i.OutBps ?? 0)).Take(3)
            .SelectMany(i => new[] { (MetricSeries.InterfaceIn(i.IfIndex), $"{i.Name} in"), (MetricSeries.InterfaceOut(i.IfIndex), $"{i.Name} out") })
            .ToList();
        var key = string.Join(',', busiest.Select(b => b.Item1));
        // The chart is rebuilt only when the set of busiest interfaces changes; otherwise it appends live.
        if (key != _trafficKey)
        {
            (_trafficSeries, _trafficKey) = (busiest, key);
        }
    }

    private void RangeChanged(string range) => _range = Ranges.ContainsKey(range) ? range : LiveRange;

    private static Color ColourOf(InterfaceCondition condition) => condition switch
    {
        InterfaceCondition.Up => Color.Success,
        InterfaceCondition.Down => Color.Error,
        InterfaceCondition.Other => Color.Warning,
        _ => Color.Default,
    };

    private bool MatchesSearch(InterfaceVitals i) =>
        string.IsNullOrWhiteSpace(_search) ||
        i.Name.Contains(_search, StringComparison.OrdinalIgnoreCase) ||
        (i.Alias?.Contains(_search, StringComparison.OrdinalIgnoreCase) ?? false);

    private async Task ConfigureAsync()
    {
        var dialog = await Dialogs.ShowAsync<SnmpSettingsDialog>("SNMP settings",
            new DialogParameters<SnmpSettingsDialog> { { d => d.DeviceId, DeviceId }, { d => d.Settings, _settings } },
            new DialogOptions { MaxWidth = MaxWidth.Small, FullWidth = true, CloseOnEscapeKey = true });
        if (await dialog.Result is { Canceled: false })
        {
            _settings = await Settings.GetAsync(DeviceId, Stopping);
        }
    }
}
