using Microsoft.AspNetCore.Components;
using MudBlazor;
using Sotp.Console.Components.Controls;
using Sotp.Core.Devices;
using Sotp.Core.Metrics;

namespace Sotp.Console.Components.Pages.Devices;

/// <summary>A device's SNMP vitals: live CPU/memory and traffic charts, and the interface table.</summary>
public partial class DeviceVitalsPanel : IAsyncDisposable
{
    private static readonly IReadOnlyList<(string, string)> CpuMemory = [(MetricSeries.Cpu, "CPU %"), (MetricSeries.Memory, "memory %")];

    /// <summary>Live is the last 15 minutes in memory, updated as polls land; the others read the metric store.</summary>
    private static readonly Dictionary<string, TimeSpan?> Ranges = new()
    {
        ["Live 15 min"] = null,
        ["1 h"] = TimeSpan.FromHours(1),
        ["24 h"] = TimeSpan.FromHours(24),
        ["7 d"] = TimeSpan.FromDays(7),
        ["30 d"] = TimeSpan.FromDays(30),
    };

    private string _range = "Live 15 min";
    private SnmpSettings? _settings;
    private DeviceVitals? _vitals;
    private List<(string Series, string Label)> _trafficSeries = [];
    private string _trafficKey = "";
    private string? _search;
    private LiveLoop<DeviceVitals>? _live;

    [Parameter, EditorRequired]
    public int DeviceId { get; set; }

    [Inject]
    public required SnmpSettingsStore Settings { get; init; }

    [Inject]
    public required VitalsTracker Vitals { get; init; }

    [Inject]
    public required IDialogService Dialogs { get; init; }

    private IReadOnlyList<InterfaceVitals> Interfaces => _vitals?.Interfaces ?? [];

    protected override async Task OnInitializedAsync()
    {
        _settings = await Settings.GetAsync(DeviceId, CancellationToken.None);
        Apply(Vitals.Latest(DeviceId));
        if (!RendererInfo.IsInteractive)
        {
            return;
        }

        _live = new LiveLoop<DeviceVitals>(Vitals.Feed.Subscribe(v => v.DeviceId == DeviceId), async batch =>
        {
            Apply(batch[^1]);
            await InvokeAsync(StateHasChanged);
        }, DispatchExceptionAsync);
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

    private void RangeChanged(string range) => _range = Ranges.ContainsKey(range) ? range : "Live 15 min";

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
            _settings = await Settings.GetAsync(DeviceId, CancellationToken.None);
        }
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
