using System.Globalization;
using Sotp.Core.Devices;

namespace Sotp.Collectors.Snmp.Polling;

/// <summary>What "test connection" found: the agent's identity, or the exact failure (the API's answer too).</summary>
public sealed record SnmpTestResult(bool Ok, string? SysName, string? SysDescr, double? UptimeSeconds, string? Error)
{
    /// <summary>One sentence for a person.</summary>
    public string Summary => Ok
        ? $"{SysName} answered: {SysDescr} (up {TimeSpan.FromSeconds(UptimeSeconds ?? 0).ToString(@"d\.hh\:mm\:ss", CultureInfo.InvariantCulture)})."
        : Error ?? "The agent did not answer.";
}

/// <summary>
/// "Test connection" for the SNMP dialog and <c>POST /devices/{id}/snmp/test</c> alike: the device's stored
/// settings, its address resolved, sysName, sysDescr and sysUpTime asked for.
/// </summary>
public sealed class SnmpConnectionTest(DeviceCatalog catalog, SnmpSettingsStore settings, SnmpTargets targets, SnmpVitalsPoller poller)
{
    /// <summary>The outcome, or null when the device or its SNMP settings do not exist.</summary>
    public async Task<SnmpTestResult?> RunAsync(int deviceId, CancellationToken cancellationToken)
    {
        var device = await catalog.GetAsync(deviceId, cancellationToken);
        var stored = device is null ? null : await settings.GetAsync(deviceId, cancellationToken);
        if (device is null || stored is null)
        {
            return null;
        }

        try
        {
            var target = await targets.ForAsync(stored, device.Address, cancellationToken);
            var (sysName, sysDescr, uptime) = await poller.IdentifyAsync(target, cancellationToken);
            return new SnmpTestResult(true, sysName, sysDescr, uptime, null);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            return new SnmpTestResult(false, null, null, null, ex.Message);
        }
    }
}
