using System.Diagnostics;
using System.Net;

namespace Sotp.Tests.Support;

/// <summary>
/// net-snmp's snmpd (the reference agent) on a free loopback port, with its configuration and state in a temp
/// folder of its own. Communities public (read) and private (write). Stopped by its PID.
/// </summary>
public sealed class SnmpdServer : IAsyncLifetime
{
    public const string SysName = "sotp-lab-agent";

    private readonly TempDirectory _folder = new("sotp-snmpd");
    private Process? _process;

    public IPEndPoint Endpoint { get; } = new(IPAddress.Loopback, LabProcess.FreeLoopbackPort());

    /// <summary>Passphrases of the SNMPv3 users, made up for this run (never committed).</summary>
    public string AuthPassphrase { get; } = TestSecrets.NewPassword();

    public string PrivPassphrase { get; } = TestSecrets.NewPassword();

    public static string? Executable => LabRequirement.FindExecutable("/usr/sbin/snmpd");

    public void RequireRunning() => LabRequirement.Require(_process is { HasExited: false }, "snmpd (Debian package snmpd) not found or did not start");

    public async ValueTask InitializeAsync()
    {
        if (Executable is null)
        {
            return;
        }

        var config = _folder.File("snmpd.conf");
        await File.WriteAllLinesAsync(config,
        [
            $"agentAddress udp:127.0.0.1:{Endpoint.Port}",
            "rocommunity public default",
            "rwcommunity private default",
            $"sysName {SysName}",
            "sysLocation sotp test lab",
            "load 12 10 5",
            $"createUser sotpsha SHA \"{AuthPassphrase}\" AES \"{PrivPassphrase}\"",
            $"createUser sotpsha256 SHA-256 \"{AuthPassphrase}\" AES \"{PrivPassphrase}\"",
            $"createUser sotpsha512 SHA-512 \"{AuthPassphrase}\" AES \"{PrivPassphrase}\"",
            $"createUser sotpauth SHA \"{AuthPassphrase}\"",
            "rwuser sotpsha priv",
            "rouser sotpsha256 priv",
            "rouser sotpsha512 priv",
            "rouser sotpauth auth",
        ]);
        var start = new ProcessStartInfo(Executable)
        {
            ArgumentList = { "-f", "-Lf", _folder.File("snmpd.log"), "-C", "-c", config, "-p", _folder.File("snmpd.pid") },
            Environment = { ["SNMP_PERSISTENT_DIR"] = _folder.Path, ["MIBS"] = "" },
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        _process = Process.Start(start);
        // snmpd answers once its socket is bound.
        await LabProcess.WaitForSnmpAgentAsync(_process, Endpoint.Port, "public", 50, 0.2);
    }

    public async ValueTask DisposeAsync()
    {
        await LabProcess.StopAsync(_process);
        _folder.Dispose();
    }
}
