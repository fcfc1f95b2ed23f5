using Sotp.Console.Components.Controls;
using Microsoft.AspNetCore.Components;
using MudBlazor;
using Sotp.Console.Identity;
using Sotp.Core.Devices;
using Sotp.Core.Security;

namespace Sotp.Console.Components.Pages.Devices;

/// <summary>Add or edit a device; every field shows its own problem in plain words, nothing is half-saved.</summary>
public partial class DeviceDialog
{
    private string? _name;
    private string? _address;
    private DeviceKind _kind = DeviceKind.Router;
    private string? _platform = DevicePlatforms.Generic;
    private string? _site;
    private string? _tags;
    private string? _description;
    private bool _monitored = true;
    private int? _pingInterval;
    private double? _slo;
    private int? _backupHours;
    private IReadOnlyDictionary<string, string[]> _errors = new Dictionary<string, string[]>();
    private ShownFailure? _formError;
    private bool _saving;

    [CascadingParameter]
    public required IMudDialogInstance Dialog { get; set; }

    [Parameter]
    public Device? Device { get; set; }

    /// <summary>For a new device: the name and address to start from (a sender heard in syslog or traps).</summary>
    [Parameter]
    public (string Name, string Address)? Suggestion { get; set; }

    [Inject]
    public required UserAccess Access { get; init; }

    [Inject]
    public required DeviceCatalog Catalog { get; init; }

    /// <summary>Opens the dialog for a new device, its name and address filled in (the person checks and saves).</summary>
    public static Task<IDialogReference> ShowAddAsync(IDialogService dialogs, string name, string address) =>
        dialogs.ShowAsync<DeviceDialog>("Add device", new DialogParameters<DeviceDialog> { { d => d.Suggestion, (name, address) } },
            new DialogOptions { MaxWidth = MaxWidth.Small, FullWidth = true, CloseOnEscapeKey = true });

    protected override void OnInitialized()
    {
        if (Device is not { } d)
        {
            if (Suggestion is { } suggested)
            {
                (_name, _address) = suggested;
            }

            return;
        }

        (_name, _address, _kind, _platform, _site) = (d.Name, d.Address, d.Kind, d.Platform, d.Site);
        (_tags, _description, _monitored, _pingInterval, _slo) = (string.Join(", ", d.Tags), d.Description, d.Monitored, d.PingIntervalSeconds, d.SloPercent);
        _backupHours = d.ConfigBackupHours;
    }

    private static Task<IEnumerable<string>> SearchPlatforms(string? text, CancellationToken cancellationToken) =>
        Task.FromResult(DevicePlatforms.Known.Where(p => string.IsNullOrEmpty(text) || p.Contains(text, StringComparison.OrdinalIgnoreCase))
            .Append(text ?? "").Where(p => p.Length > 0).Distinct());

    private async Task SaveAsync()
    {
        _saving = true;
        _formError = null;
        var input = new DeviceInput
        {
            Name = _name,
            Address = _address,
            Kind = DeviceRules.KindName(_kind),
            Platform = _platform,
            Site = _site,
            Tags = (_tags ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries),
            Description = _description,
            Monitored = _monitored,
            PingIntervalSeconds = _pingInterval,
            SloPercent = _slo,
            ConfigBackupHours = _backupHours,
        };
        using var span = Access.StartAction("Devices", Device is null ? "add" : "edit");
        try
        {
            if (await Access.RequireAsync(SotpPermissions.DevicesWrite, Device is null ? "device.create" : "device.update", "device",
                    Device?.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)) is not { } actor)
            {
                _formError = Failures.Of("You may no longer change devices.");
                return;
            }

            var result = Device is null
                ? await Catalog.CreateAsync(input, actor, CancellationToken.None)
                : await Catalog.UpdateAsync(Device.Id, input, actor, CancellationToken.None);
            if (result is null)
            {
                _formError = Failures.Of("This device was deleted meanwhile.");
                return;
            }

            _errors = result.Errors;
            if (result.Device is { } saved)
            {
                Dialog.Close(DialogResult.Ok(saved));
            }
        }
        finally
        {
            _saving = false;
        }
    }

    private void Cancel() => Dialog.Cancel();
}
