using System.Globalization;
using Microsoft.AspNetCore.Components;
using MudBlazor;
using Sotp.Console.Identity;
using Sotp.Core.Security;
using Sotp.Core.RemoteConsole;

namespace Sotp.Console.Components.Pages.RemoteConsole;

/// <summary>A device's SSH settings; credentials are write-only and a field left empty keeps the stored one.</summary>
public partial class SshSettingsDialog
{
    private string? _user;
    private int _port = 22;
    private string? _password;
    private string? _privateKey;
    private string? _keyPassphrase;
    private Dictionary<string, string[]> _errors = [];
    private bool _busy;

    [CascadingParameter]
    public required IMudDialogInstance Dialog { get; set; }

    [Parameter]
    public int DeviceId { get; set; }

    [Parameter]
    public SshSettings? Settings { get; set; }

    [Inject]
    public required SshSettingsStore Store { get; init; }

    [Inject]
    public required UserAccess Access { get; init; }

    protected override void OnInitialized() => (_user, _port) = (Settings?.UserName, Settings?.Port ?? 22);

    private async Task SaveAsync()
    {
        using var span = Access.StartAction("Device", "save SSH settings");
        _busy = true;
        try
        {
            if (await Access.RequireAsync(SotpPermissions.DevicesWrite, "device.ssh", "device", DeviceId.ToString(CultureInfo.InvariantCulture)) is not { } actor)
            {
                _errors = new Dictionary<string, string[]> { ["user"] = ["You may no longer change SSH settings."] };
                return;
            }

            var result = await Store.SaveAsync(DeviceId, new SshSettingsInput
            {
                User = _user, Port = _port, Password = _password, PrivateKey = _privateKey, KeyPassphrase = _keyPassphrase,
            }, actor, CancellationToken.None);
            _errors = result?.Errors ?? new Dictionary<string, string[]> { ["user"] = ["This device was deleted meanwhile."] };
            if (result?.Settings is not null)
            {
                Dialog.Close(DialogResult.Ok(true));
            }
        }
        finally
        {
            _busy = false;
        }
    }
}
