using Microsoft.AspNetCore.Components;
using MudBlazor;
using Sotp.Collectors.Remediation;
using Sotp.Console.Components.Controls;
using Sotp.Console.Identity;
using Sotp.Core.Devices;
using Sotp.Core.Metrics;
using Sotp.Core.Security;

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
    private InterfaceSwitch? _switch;
    private bool _changing;

    [Parameter, EditorRequired]
    public int DeviceId { get; set; }

    [Inject]
    public required SnmpSettingsStore Settings { get; init; }

    [Inject]
    public required VitalsTracker Vitals { get; init; }

    [Inject]
    public required IDialogService Dialogs { get; init; }

    [Inject]
    public required IServiceProvider Services { get; init; }

    [Inject]
    public required UserAccess Access { get; init; }

    [Inject]
    public required ISnackbar Snackbar { get; init; }

    private IReadOnlyList<InterfaceVitals> Interfaces => _vitals?.Interfaces ?? [];

    private string LiveRange => $"Live {Vitals.LiveWindow.TotalMinutes:0} min";

    /// <summary>Null for the live range.</summary>
    private TimeSpan? RangeSpan => _range is not null && Ranges.TryGetValue(_range, out var span) ? span : null;

    protected override async Task OnInitializedAsync()
    {
        _range = LiveRange;
        // Shut and Enable are for people who may change devices, in a process that reaches the devices.
        _switch = await Access.HoldsAsync(SotpPermissions.DevicesWrite) ? Services.GetService<InterfaceSwitch>() : null;
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

    /// <summary>A person shuts or enables a port: asked to confirm, done by SNMP, on the record as theirs (remediation leaves it).</summary>
    private async Task SetAdminAsync(InterfaceVitals port)
    {
        var up = port.AdminStatus == 2;
        var sure = await Dialogs.ShowMessageBoxAsync(up ? $"Enable {port.Name}?" : $"Shut {port.Name}?",
            up ? "The interface is set administratively up by SNMP." : "The interface is set administratively down by SNMP: it stops carrying traffic. Remediation playbooks leave a port you shut alone.",
            yesText: up ? "Enable" : "Shut", cancelText: "Cancel");
        if (sure != true || _switch is null)
        {
            return;
        }

        _changing = true;
        try
        {
            using var span = Access.StartAction("Device", up ? "enable interface" : "shut interface");
            if (await Access.RequireAsync(SotpPermissions.DevicesWrite, up ? "interface.admin-up" : "interface.admin-down", "device",
                    DeviceId.ToString(System.Globalization.CultureInfo.InvariantCulture)) is not { } actor)
            {
                Snackbar.AddFailure("You may no longer change devices.");
                return;
            }

            await _switch.SetAdminByPersonAsync(DeviceId, port.IfIndex, port.Name, up, actor, CancellationToken.None);
            Snackbar.Add($"{port.Name} {(up ? "enabled" : "shut")}; the next poll shows it.", Severity.Success);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            Snackbar.AddFailure($"The device did not change {port.Name}: {ex.Message}");
        }
        finally
        {
            _changing = false;
        }
    }
}
