using System.Diagnostics;
using System.Net;

namespace Sotp.Tests.Support;

/// <summary>
/// A router of the test's own (LAB.md): a network namespace joined to this host by a veth pair on a /30 from
/// 198.18.0.0/15, a second interface eth1 to take down and up, and net-snmp's snmpd inside answering v2c and
/// v3 (authPriv). Everything is torn down on dispose: the process it started (by PID), the namespace, and the
/// guard route if it added it and no other lab is left.
/// </summary>
public sealed class RouterLab : IAsyncLifetime
{
    private const string GuardRoute = "198.18.0.0/15";
    private static readonly string Ip = LabRequirement.FindExecutable("/usr/sbin/ip", "/sbin/ip", "/usr/bin/ip") ?? "ip";

    private readonly TempDirectory _folder = new("sotp-router");
    private readonly int _subnet = Random.Shared.Next(1, 16_000);
    private Process? _snmpd;
    private bool _namespaceCreated;
    private bool _addedGuard;

    public string Namespace { get; } = $"sotp{Environment.ProcessId % 10000}{Random.Shared.Next(1000, 9999)}";

    public IPAddress RouterAddress => Address(2);

    public string ReadCommunity { get; } = "ro" + TestSecrets.NewPassword();

    public string WriteCommunity { get; } = "rw" + TestSecrets.NewPassword();

    public string AuthPassphrase { get; } = TestSecrets.NewPassword();

    public string PrivPassphrase { get; } = TestSecrets.NewPassword();

    public bool Running => _snmpd is { HasExited: false };

    public void RequireRunning() => LabRequirement.Require(Running,
        "root, iproute2 and snmpd are needed for the router lab (LAB.md)");

    private IPAddress Address(int host)
    {
        var value = (198u << 24) | (18u << 16) | (uint)(_subnet * 4) | (uint)host;
        return new IPAddress([(byte)(value >> 24), (byte)(value >> 16), (byte)(value >> 8), (byte)value]);
    }

    public async ValueTask InitializeAsync()
    {
        var snmpd = SnmpdServer.Executable;
        if (!LabRequirement.IsRoot || snmpd is null)
        {
            return;
        }

        var routes = await LabProcess.RunAsync(Ip, ["route", "show", "type", "unreachable"]);
        if (!routes.Contains(GuardRoute, StringComparison.Ordinal))
        {
            await LabProcess.RunAsync(Ip, ["route", "replace", "unreachable", GuardRoute]);
            _addedGuard = true;
        }

        var hostSide = "v" + Namespace;
        await LabProcess.RunAsync(Ip, ["netns", "add", Namespace]);
        _namespaceCreated = true;
        await LabProcess.RunAsync(Ip, ["link", "add", hostSide, "type", "veth", "peer", "name", "eth0", "netns", Namespace]);
        await LabProcess.RunAsync(Ip, ["addr", "add", $"{Address(1)}/30", "dev", hostSide]);
        await LabProcess.RunAsync(Ip, ["link", "set", hostSide, "up"]);
        await InRouterAsync(Ip, "link", "set", "lo", "up");
        await InRouterAsync(Ip, "addr", "add", $"{RouterAddress}/30", "dev", "eth0");
        await InRouterAsync(Ip, "link", "set", "eth0", "up");
        await InRouterAsync(Ip, "link", "add", "eth1", "type", "veth", "peer", "name", "eth1p");
        await InRouterAsync(Ip, "link", "set", "eth1p", "up");
        await InRouterAsync(Ip, "link", "set", "eth1", "up");

        var config = _folder.File("snmpd.conf");
        await File.WriteAllLinesAsync(config,
        [
            $"agentAddress udp:{RouterAddress}:161",
            $"rocommunity {ReadCommunity} default",
            $"rwcommunity {WriteCommunity} default",
            $"createUser admin SHA \"{AuthPassphrase}\" AES \"{PrivPassphrase}\"",
            "rwuser admin priv",
            "sysName r1.lab",
        ]);
        _snmpd = Process.Start(new ProcessStartInfo(Ip)
        {
            ArgumentList = { "netns", "exec", Namespace, snmpd, "-f", "-Lf", _folder.File("snmpd.log"), "-C", "-c", config, "-p", _folder.File("snmpd.pid") },
            Environment = { ["SNMP_PERSISTENT_DIR"] = _folder.Path, ["MIBS"] = "" },
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        });
        await Eventually.WaitAsync(() => Task.FromResult(File.Exists(_folder.File("snmpd.pid")) || _snmpd?.HasExited != false), ready => ready);
    }

    /// <summary>Runs a command inside the router's namespace.</summary>
    public Task<string> InRouterAsync(string file, params string[] arguments) =>
        LabProcess.RunAsync(Ip, ["netns", "exec", Namespace, file, .. arguments]);

    public Task SetLinkAsync(string device, bool up) => InRouterAsync(Ip, "link", "set", device, up ? "up" : "down");

    public async ValueTask DisposeAsync()
    {
        if (_snmpd is { HasExited: false })
        {
            _snmpd.Kill();
            await _snmpd.WaitForExitAsync();
        }

        _snmpd?.Dispose();
        if (_namespaceCreated)
        {
            await LabProcess.RunAsync(Ip, ["netns", "del", Namespace]);
        }

        if (_addedGuard)
        {
            var left = await LabProcess.RunAsync(Ip, ["netns", "list"]);
            if (!left.Contains("sotp", StringComparison.Ordinal))
            {
                await LabProcess.RunAsync(Ip, ["route", "del", "unreachable", GuardRoute]);
            }
        }

        _folder.Dispose();
    }
}
