using System.Text;
using System.Text.RegularExpressions;
using Renci.SshNet;
using Sotp.Collectors.RemoteConsole;
using Sotp.Collectors.Snmp;
using Sotp.Collectors.Snmp.Pdu;
using Sotp.Collectors.Snmp.Polling;
using Sotp.Core.Audit;
using Sotp.Core.Devices;
using Sotp.Core.RemoteConsole;

namespace Sotp.Collectors.Remediation;

/// <summary>
/// Reads and changes one interface's administrative state on a device: by SNMP (IF-MIB ifAdminStatus and
/// ifOperStatus, with the device's own SNMP credentials) and by the platform's CLI over SSH (the pinned host key,
/// the device's SSH settings). Failures throw with the device's words.
/// </summary>
public sealed partial class InterfaceSwitch(SnmpClient snmp, SnmpSettingsStore snmpSettings, SnmpTargets targets, DeviceCatalog catalog, SshConnector ssh,
    AuditTrail audit)
{
    private static readonly ObjectIdentifier IfAdminStatus = ObjectIdentifier.Parse("1.3.6.1.2.1.2.2.1.7");
    private static readonly ObjectIdentifier IfOperStatus = ObjectIdentifier.Parse("1.3.6.1.2.1.2.2.1.8");
    private static readonly TimeSpan PromptTimeout = TimeSpan.FromSeconds(10);

    /// <summary>ifAdminStatus and ifOperStatus now (1 up, 2 down...).</summary>
    public async Task<(int Admin, int Oper)> ReadAsync(int deviceId, int ifIndex, CancellationToken cancellationToken)
    {
        var target = await TargetAsync(deviceId, cancellationToken);
        var reply = await snmp.GetAsync(target, [IfAdminStatus.Append((uint)ifIndex), IfOperStatus.Append((uint)ifIndex)], cancellationToken);
        SnmpClient.ThrowOnError(reply);
        if (reply.VarBinds.Count != 2 || reply.VarBinds.Any(b => b.Value.IsException))
        {
            throw new InvalidOperationException($"The device has no interface with ifIndex {ifIndex} (any more).");
        }

        return ((int)reply.VarBinds[0].Value.Number, (int)reply.VarBinds[1].Value.Number);
    }

    /// <summary>SET ifAdminStatus.ifIndex = up(1) or down(2).</summary>
    public async Task SetAdminAsync(int deviceId, int ifIndex, bool up, CancellationToken cancellationToken)
    {
        var target = await TargetAsync(deviceId, cancellationToken);
        var reply = await snmp.SetAsync(target, [new VarBind(IfAdminStatus.Append((uint)ifIndex), SnmpValue.Integer(up ? 1 : 2))], cancellationToken);
        SnmpClient.ThrowOnError(reply);
    }

    /// <summary>
    /// A person shuts or enables a port through SOTP: done by SNMP and audited as theirs (<c>interface.admin-down</c> or
    /// <c>interface.admin-up</c>), so remediation knows to leave a port a person shut. The device's refusal is audited too, then thrown.
    /// </summary>
    public async Task SetAdminByPersonAsync(int deviceId, int ifIndex, string? name, bool up, AuditActor actor, CancellationToken cancellationToken)
    {
        var device = await catalog.GetAsync(deviceId, cancellationToken) ?? throw new InvalidOperationException("The device does not exist (any more).");
        var record = new AuditRecord(actor, up ? "interface.admin-up" : "interface.admin-down", "device",
            deviceId.ToString(System.Globalization.CultureInfo.InvariantCulture), device.Name, After: new { ifIndex, name });
        try
        {
            await SetAdminAsync(deviceId, ifIndex, up, cancellationToken);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            await audit.WriteAsync(record with { Result = AuditResults.Failed(ex.Message) }, cancellationToken);
            throw;
        }

        await audit.WriteAsync(record, cancellationToken);
    }

    /// <summary>
    /// Enables the interface from the platform's CLI in one SSH session: configuration mode, the interface, the
    /// platform's "no shutdown", out again; any line the device answers with an error stops it.
    /// </summary>
    public async Task<string> NoShutdownAsync(int deviceId, string ifName, AuditActor actor, CancellationToken cancellationToken)
    {
        var (device, client) = await ssh.ConnectAsync(deviceId, actor, cancellationToken);
        using var _ = client;
        var script = Script(device.Platform, ifName);
        using var shell = client.CreateShellStream("vt100", 200, 50, 0, 0, 16 * 1024);
        var transcript = new StringBuilder();
        transcript.Append(await ExpectAsync(shell, cancellationToken));
        foreach (var line in script)
        {
            shell.WriteLine(line);
            var answer = await ExpectAsync(shell, cancellationToken);
            transcript.Append(answer);
            if (CliError().Match(answer) is { Success: true } error)
            {
                throw new InvalidOperationException($"The device refused \"{line}\": {error.Value.Trim()}");
            }
        }

        return transcript.ToString();
    }

    /// <summary>The platform's words for "enable this interface".</summary>
    public static IReadOnlyList<string> Script(string platform, string ifName) => platform switch
    {
        "junos" => ["configure", $"delete interfaces {ifName} disable", "commit and-quit"],
        "huawei-vrp" or "h3c-comware" => ["system-view", $"interface {ifName}", "undo shutdown", "return"],
        "routeros" => [$"/interface enable [find name=\"{ifName}\"]"],
        _ => ["configure terminal", $"interface {ifName}", "no shutdown", "end"],
    };

    private static async Task<string> ExpectAsync(ShellStream shell, CancellationToken cancellationToken)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(PromptTimeout);
        var seen = new StringBuilder();
        var buffer = new byte[4096];
        while (!Prompt().IsMatch(seen.ToString()))
        {
            int read;
            try
            {
                read = await shell.ReadAsync(buffer, timeout.Token);
            }
            catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
            {
                throw new TimeoutException($"No prompt within {PromptTimeout.TotalSeconds:0} s; the device said: {Tail(seen)}");
            }

            if (read == 0)
            {
                throw new InvalidOperationException($"The device closed the session; it said: {Tail(seen)}");
            }

            seen.Append(Encoding.UTF8.GetString(buffer, 0, read));
        }

        return seen.ToString();
    }

    private static string Tail(StringBuilder seen) => seen.Length == 0 ? "nothing" : seen.ToString()[Math.Max(0, seen.Length - 200)..].Trim();

    private async Task<SnmpTarget> TargetAsync(int deviceId, CancellationToken cancellationToken)
    {
        var device = await catalog.GetAsync(deviceId, cancellationToken) ?? throw new InvalidOperationException("The device does not exist (any more).");
        var settings = await snmpSettings.GetAsync(deviceId, cancellationToken)
            ?? throw new InvalidOperationException($"{device.Name} has no SNMP settings.");
        return await targets.ForAsync(settings, device.Address, cancellationToken);
    }

    // A prompt ends the device's answer: "r1#", "r1(config-if)#", "[edit]\nuser@mx1#", "<agg-sw1>", "[agg-sw1-Gi0/1]", "[admin@ros] >".
    [GeneratedRegex(@"(?:[\w.\-/:()@\[\] ]*[#>$%]|<[^<>\r\n]+>|\[[^\[\]\r\n]+\])\s*$")]
    private static partial Regex Prompt();

    // "% Invalid input", "% Unknown command", "error:", "Error:" lines.
    [GeneratedRegex(@"(?m)^\s*(?:%\s*(?:Invalid|Unknown|Ambiguous|Incomplete|Error)[^\r\n]*|error:[^\r\n]*|Error:[^\r\n]*)")]
    private static partial Regex CliError();
}
