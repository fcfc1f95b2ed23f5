using System.Diagnostics;
using System.Net;

namespace Sotp.Tests.Support;

/// <summary>
/// A router of the test's own (LAB.md): a <see cref="LabNamespace"/> with net-snmp's snmpd inside answering v2c
/// and v3 (authPriv). Everything is torn down on dispose: the process it started (by PID), then the namespace.
/// </summary>
public sealed class RouterLab : IAsyncLifetime
{
    private readonly TempDirectory _folder = new("sotp-router");
    private LabNamespace? _lab;
    private Process? _snmpd;

    public IPAddress RouterAddress => _lab!.RouterAddress;

    public string ReadCommunity { get; } = "ro" + TestSecrets.NewPassword();

    public string WriteCommunity { get; } = "rw" + TestSecrets.NewPassword();

    public string AuthPassphrase { get; } = TestSecrets.NewPassword();

    public string PrivPassphrase { get; } = TestSecrets.NewPassword();

    public bool Running => _snmpd is { HasExited: false };

    public void RequireRunning() => LabRequirement.Require(Running,
        "root, iproute2 and snmpd are needed for the router lab (LAB.md)");

    public async ValueTask InitializeAsync()
    {
        var snmpd = SnmpdServer.Executable;
        if (!LabRequirement.IsRoot || snmpd is null)
        {
            return;
        }

        _lab = await LabNamespace.CreateAsync();
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
        _snmpd = Process.Start(new ProcessStartInfo(LabNamespace.Ip)
        {
            ArgumentList = { "netns", "exec", _lab.Name, snmpd, "-f", "-Lf", _folder.File("snmpd.log"), "-C", "-c", config, "-p", _folder.File("snmpd.pid") },
            Environment = { ["SNMP_PERSISTENT_DIR"] = _folder.Path, ["MIBS"] = "" },
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        });
        await Eventually.WaitAsync(() => Task.FromResult(File.Exists(_folder.File("snmpd.pid")) || _snmpd?.HasExited != false), ready => ready);
    }

    /// <summary>Runs a command inside the router's namespace.</summary>
    public Task<string> InRouterAsync(string file, params string[] arguments) => _lab!.RunAsync(file, arguments);

    public Task SetLinkAsync(string device, bool up) => _lab!.SetLinkAsync(device, up);

    public async ValueTask DisposeAsync()
    {
        await LabProcess.StopAsync(_snmpd);
        if (_lab is not null)
        {
            await _lab.DisposeAsync();
        }

        _folder.Dispose();
    }
}
