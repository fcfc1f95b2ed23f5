using Sotp.Console.Components.Controls;
using Microsoft.AspNetCore.Components;
using MudBlazor;
using Sotp.Console.Identity;
using Sotp.Collectors.Snmp.Polling;
using Sotp.Core.Devices;
using Sotp.Core.Secrets;
using Sotp.Core.Security;

namespace Sotp.Console.Components.Pages.Devices;

/// <summary>
/// A device's SNMP settings. Credentials are write-only: the form shows how each is held, never its value,
/// and a field left empty keeps the stored credential. "Test connection" saves first, then asks the agent.
/// </summary>
public partial class SnmpSettingsDialog
{
    private string _version = "2c";
    private int _port = 161;
    private int _pollInterval = 30;
    private int _timeoutMs = 2000;
    private int _retries = 1;
    private int _maxRepetitions = 10;
    private string? _community;
    private string? _user;
    private string? _authProtocol;
    private string? _authKey;
    private string? _privProtocol;
    private string? _privKey;
    private Dictionary<string, string[]> _errors = [];
    private SnmpTestResult? _test;
    private string? _testTrace;
    private bool _busy;

    [CascadingParameter]
    public required IMudDialogInstance Dialog { get; set; }

    [Parameter]
    public int DeviceId { get; set; }

    [Parameter]
    public SnmpSettings? Settings { get; set; }

    [Inject]
    public required SnmpSettingsStore Store { get; init; }

    [Inject]
    public required UserAccess Access { get; init; }

    [Inject]
    public required SnmpConnectionTest ConnectionTest { get; init; }

    protected override void OnInitialized()
    {
        if (Settings is { } s)
        {
            (_version, _port, _pollInterval, _timeoutMs, _retries, _maxRepetitions) = (s.Version, s.Port, s.PollIntervalSeconds, s.TimeoutMs, s.Retries, s.MaxRepetitions);
            (_user, _authProtocol, _privProtocol) = (s.UserName, s.AuthProtocol, s.PrivProtocol);
        }
    }

    private async Task<SnmpSettings?> SaveSettingsAsync()
    {
        if (await Access.RequireAsync(SotpPermissions.DevicesWrite, "device.snmp", "device", DeviceId.ToString(System.Globalization.CultureInfo.InvariantCulture)) is not { } actor)
        {
            _errors = new Dictionary<string, string[]> { ["version"] = ["You may no longer change SNMP settings."] };
            return null;
        }

        var result = await Store.SaveAsync(DeviceId, new SnmpSettingsInput
        {
            Version = _version, Port = _port, PollIntervalSeconds = _pollInterval, TimeoutMs = _timeoutMs, Retries = _retries, MaxRepetitions = _maxRepetitions,
            Community = _community, User = _user, AuthProtocol = _authProtocol, AuthKey = _authKey, PrivProtocol = _privProtocol, PrivKey = _privKey,
        }, actor, CancellationToken.None);
        _errors = result?.Errors ?? new Dictionary<string, string[]> { ["version"] = ["This device was deleted meanwhile."] };
        if (result?.Settings is { } saved)
        {
            Settings = saved;
            (_community, _authKey, _privKey) = (null, null, null);
        }

        return result?.Settings;
    }

    private async Task SaveAsync()
    {
        using var span = Access.StartAction("Device", "save SNMP settings");
        _busy = true;
        try
        {
            if (await SaveSettingsAsync() is not null)
            {
                Dialog.Close(DialogResult.Ok(true));
            }
        }
        finally
        {
            _busy = false;
        }
    }

    private async Task TestAsync()
    {
        using var span = Access.StartAction("Device", "test SNMP");
        _busy = true;
        _test = null;
        try
        {
            if (await SaveSettingsAsync() is not null)
            {
                _test = await ConnectionTest.RunAsync(DeviceId, CancellationToken.None);
                _testTrace = _test is { Ok: false } failed ? Failures.Of(failed.Summary).TraceId : null;
            }
        }
        finally
        {
            _busy = false;
        }
    }

    private void Cancel() => Dialog.Cancel();
}
