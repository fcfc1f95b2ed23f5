using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Sotp.Collectors.Syslog;

namespace Sotp.Tests.Support;

/// <summary>
/// A router with a CLI (LAB.md): a <see cref="LabNamespace"/> with its own host name "r1", FRR's zebra and
/// staticd, and sshd whose users log in to FRR's vtysh, so <c>show version</c> answers as on a router. Two
/// users are made for the run (a password user and a key user, both with vtysh as login shell) and removed on
/// dispose; the host key can be swapped to act out a replaced device. zebra logs every CLI command ("log commands")
/// to a socket in the lab's folder, where a router-side rsyslog can pick it up (<see cref="StartSyslogRelayAsync"/>).
/// net-snmp's snmpd answers on the router too (a read-only and a read-write community), so SOTP can poll the interfaces
/// FRR shuts. FRR's sockets live in /var/run/frr, so one such router runs at a time: test classes share it through
/// <see cref="SshRouterCollection"/>.
/// </summary>
public sealed class SshRouterLab : IAsyncLifetime
{
    private readonly TempDirectory _folder = new("sotp-sshlab");
    private readonly List<string> _users = [];
    private readonly List<string> _frrPidFiles = [];
    private LabNamespace? _lab;
    private Process? _sshd;
    private Process? _rsyslog;
    private Process? _snmpd;
    private string? _uts;

    public IPAddress Address => _lab!.RouterAddress;

    /// <summary>This host's side of the link: a target for a ping that never ends.</summary>
    public IPAddress HostAddress => _lab!.HostAddress;

    public string PasswordUser { get; } = $"sotpp{Random.Shared.Next(10000, 99999)}";

    /// <summary>A user who logs in (same password) but whose session ends at once: a shell that refuses them.</summary>
    public string ClosingUser { get; } = $"sotpc{Random.Shared.Next(10000, 99999)}";

    public string KeyUser { get; } = $"sotpk{Random.Shared.Next(10000, 99999)}";

    /// <summary>A login whose "device" misbehaves as <see cref="MisbehaveAsync"/> says (same password).</summary>
    public string MisbehavingUser { get; } = $"sotpm{Random.Shared.Next(10000, 99999)}";

    public string Password { get; } = TestSecrets.NewPassword();

    public string ReadCommunity { get; } = "ro" + TestSecrets.NewPassword();

    public string WriteCommunity { get; } = "rw" + TestSecrets.NewPassword();

    /// <summary>The key user's private key (OpenSSH format), generated for this run.</summary>
    public string PrivateKey { get; private set; } = "";

    /// <summary>The host key sshd presents now, as <c>ssh-keygen -lf</c> prints it.</summary>
    public string HostKeyFingerprint { get; private set; } = "";

    public bool Running => _sshd is { HasExited: false };

    /// <summary>The socket zebra sends its log lines to, as to /dev/log.</summary>
    private string SyslogSocket => _folder.File("log.sock");

    public void RequireRunning() => LabRequirement.Require(Running,
        "root, iproute2, openssh-server and frr are needed for the SSH router lab (LAB.md)");

    public async ValueTask InitializeAsync()
    {
        var sshd = LabRequirement.FindExecutable("/usr/sbin/sshd");
        var zebra = LabRequirement.FindExecutable("/usr/lib/frr/zebra");
        if (!LabRequirement.IsRoot || sshd is null || zebra is null || LabRequirement.FindExecutable("/usr/bin/vtysh") is null)
        {
            return;
        }

        _lab = await LabNamespace.CreateAsync();
        _uts = $"/run/{_lab.Name}-uts";
        await File.WriteAllTextAsync(_uts, "");
        await LabProcess.RunAsync("unshare", [$"--uts={_uts}", "hostname", "r1"]);

        await LabProcess.RunAsync("install", ["-d", "-o", "frr", "-g", "frr", "/var/run/frr"]);
        // The daemons run as user frr: they must reach the log socket and read zebra's configuration here.
        File.SetUnixFileMode(_folder.Path, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute
            | UnixFileMode.GroupExecute | UnixFileMode.OtherExecute);
        var zebraConfig = _folder.File("zebra.conf");
        await File.WriteAllLinesAsync(zebraConfig,
        [
            "hostname r1",
            // As a router hands its messages to the local syslog daemon (FRR 8.4 reads "log extended" only here).
            "log extended lab",
            $" destination unix {SyslogSocket} format local-syslogd",
            "!",
            "log commands",
        ]);
        foreach (var daemon in new[] { "zebra", "staticd" })
        {
            var pidFile = $"/var/run/frr/{_lab.Name}-{daemon}.pid";
            string[] config = daemon == "zebra" ? ["-f", zebraConfig] : [];
            await OnRouterAsync($"/usr/lib/frr/{daemon}", ["-d", "-A", "127.0.0.1", "-i", pidFile, .. config]);
            _frrPidFiles.Add(pidFile);
        }

        var shells = await File.ReadAllTextAsync("/etc/shells");
        if (!shells.Contains("/usr/bin/vtysh", StringComparison.Ordinal))
        {
            await File.AppendAllTextAsync("/etc/shells", "/usr/bin/vtysh\n");
        }

        await AddUserAsync(PasswordUser);
        await LabProcess.RunAsync("chpasswd", [], input: $"{PasswordUser}:{Password}\n");
        await AddUserAsync(ClosingUser, "/usr/sbin/nologin");
        await LabProcess.RunAsync("chpasswd", [], input: $"{ClosingUser}:{Password}\n");
        await AddUserAsync(KeyUser);
        await AddMisbehavingUserAsync();
        await LabProcess.RunAsync("ssh-keygen", ["-q", "-t", "ed25519", "-N", "", "-C", "sotp-test", "-f", _folder.File("client")]);
        PrivateKey = await File.ReadAllTextAsync(_folder.File("client"));
        // sshd reads authorized_keys as the user: it lives in the user's own home.
        var ssh = $"/home/{KeyUser}/.ssh";
        Directory.CreateDirectory(ssh);
        File.Copy(_folder.File("client.pub"), Path.Combine(ssh, "authorized_keys"));
        await LabProcess.RunAsync("chown", ["-R", $"{KeyUser}:{KeyUser}", ssh]);

        await StartSshdAsync("host1");
        await StartSnmpdAsync();
    }

    private async Task StartSnmpdAsync()
    {
        if (SnmpdServer.Executable is not { } snmpd)
        {
            return;
        }

        var config = _folder.File("snmpd.conf");
        await File.WriteAllLinesAsync(config,
            [$"agentAddress udp:{Address}:161", $"rocommunity {ReadCommunity} default", $"rwcommunity {WriteCommunity} default", "sysName r1"]);
        _snmpd = Process.Start(new ProcessStartInfo(LabNamespace.Ip)
        {
            ArgumentList = { "netns", "exec", _lab!.Name, "nsenter", $"--uts={_uts}", snmpd, "-f", "-Lf", _folder.File("snmpd.log"), "-C", "-c", config, "-p", _folder.File("snmpd.pid") },
            Environment = { ["SNMP_PERSISTENT_DIR"] = _folder.Path, ["MIBS"] = "" },
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        });
        await Eventually.WaitAsync(() => Task.FromResult(File.Exists(_folder.File("snmpd.pid")) || _snmpd?.HasExited != false), ready => ready);
    }

    /// <summary>Restarts sshd with a new host key, as a replaced or compromised device would present.</summary>
    public async Task ReplaceHostKeyAsync()
    {
        await LabProcess.StopAsync(_sshd);
        await StartSshdAsync($"host{Random.Shared.Next(2, 1000)}");
    }

    public Task SetLinkAsync(string device, bool up) => _lab!.SetLinkAsync(device, up);

    /// <summary>
    /// Starts the router's own rsyslog (host name r1): it reads zebra's socket and forwards everything over UDP in
    /// RFC 5424 to <paramref name="target"/>, as a router's syslog daemon sends to a collector. Replaces a relay
    /// started before.
    /// </summary>
    public async Task StartSyslogRelayAsync(IPEndPoint target)
    {
        var rsyslogd = LabRequirement.FindExecutable("/usr/sbin/rsyslogd");
        LabRequirement.Require(rsyslogd is not null, "rsyslogd (Debian package rsyslog) not found");
        await LabProcess.StopAsync(_rsyslog);
        File.Delete(SyslogSocket);
        var config = _folder.File("rsyslog.conf");
        await File.WriteAllLinesAsync(config,
        [
            $"global(workDirectory=\"{_folder.Path}\")",
            "module(load=\"imuxsock\" SysSock.Use=\"off\")",
            $"input(type=\"imuxsock\" Socket=\"{SyslogSocket}\" CreatePath=\"on\")",
            $"*.* action(type=\"omfwd\" target=\"{target.Address}\" port=\"{target.Port}\" protocol=\"udp\" template=\"RSYSLOG_SyslogProtocol23Format\")",
        ]);
        _rsyslog = Process.Start(new ProcessStartInfo(LabNamespace.Ip)
        {
            ArgumentList = { "netns", "exec", _lab!.Name, "nsenter", $"--uts={_uts}", rsyslogd!, "-n", "-f", config, "-i", _folder.File("rsyslog.pid") },
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        });
        await Eventually.WaitAsync(() => Task.FromResult(File.Exists(SyslogSocket) || _rsyslog?.HasExited != false), ready => ready);
    }

    /// <summary>
    /// Relays the router's syslog to <paramref name="app"/> (listening on <see cref="HostAddress"/>) and returns once a
    /// command of ours has come through: zebra finds the new socket on its own schedule, and lines before that are lost.
    /// </summary>
    public async Task RelaySyslogToAsync(SotpAppFactory app)
    {
        var receiver = await Eventually.WaitAsync(() => Task.FromResult(app.Services.GetRequiredService<SyslogService>().Receiver!), r => r is not null);
        await StartSyslogRelayAsync(new IPEndPoint(HostAddress, receiver.Endpoints[SyslogTransport.Udp].Port));
        var received = await Eventually.WaitAsync(async () =>
        {
            await OnRouterAsync("/usr/bin/vtysh", "-c", "show version");
            return receiver.Received(SyslogTransport.Udp);
        }, count => count > 0);
        Assert.True(received > 0, "The router's syslog never reached SOTP.");
    }

    /// <summary>
    /// Adds the router to SOTP as "r1" through the API, with SSH settings (the password user, or <paramref name="user"/>)
    /// and its host key trusted; its id.
    /// </summary>
    public async Task<int> AddRouterAsync(HttpClient api, string platform = "frr", bool monitored = false, string? user = null)
    {
        var ct = TestContext.Current.CancellationToken;
        var created = await api.PostAsJsonAsync("/api/v1/devices", new { name = "r1", address = Address.ToString(), kind = "router", platform, monitored }, ct);
        created.EnsureSuccessStatusCode();
        var device = (await created.Content.ReadFromJsonAsync<JsonElement>(ct)).GetProperty("id").GetInt32();
        (await api.PutAsJsonAsync($"/api/v1/devices/{device}/ssh", new { port = 22, user = user ?? PasswordUser, password = Password }, ct)).EnsureSuccessStatusCode();
        (await api.PostAsJsonAsync($"/api/v1/devices/{device}/ssh/trust", new { fingerprint = HostKeyFingerprint }, ct)).EnsureSuccessStatusCode();
        return device;
    }

    /// <summary>Runs a command on the router (its namespace and host name).</summary>
    public Task<string> OnRouterAsync(string file, params string[] arguments) =>
        LabProcess.RunAsync(LabNamespace.Ip, ["netns", "exec", _lab!.Name, "nsenter", $"--uts={_uts}", file, .. arguments]);

    public async ValueTask DisposeAsync()
    {
        try
        {
            await LabProcess.StopAsync(_sshd);
            await LabProcess.StopAsync(_rsyslog);
            await LabProcess.StopAsync(_snmpd);
            await StopFrrAsync();
            await RemoveUsersAsync();
        }
        finally
        {
            // The namespace and the host name file go even when a step above failed.
            if (_lab is not null)
            {
                await _lab.DisposeAsync();
            }

            if (_uts is not null && File.Exists(_uts))
            {
                await LabProcess.RunAsync("umount", [_uts]);
                File.Delete(_uts);
            }

            _folder.Dispose();
        }
    }

    private async Task StopFrrAsync()
    {
        foreach (var pidFile in _frrPidFiles.Where(File.Exists))
        {
            if (int.TryParse((await File.ReadAllTextAsync(pidFile)).Trim(), out var pid))
            {
                try
                {
                    using var daemon = Process.GetProcessById(pid);
                    daemon.Kill();
                    await daemon.WaitForExitAsync();
                }
                catch (ArgumentException)
                {
                    // already gone
                }
            }

            File.Delete(pidFile);
        }
    }

    private async Task RemoveUsersAsync()
    {
        foreach (var user in _users)
        {
            // What sshd started for our users' logins (vtysh, ping) may outlive it by a moment.
            try
            {
                await LabProcess.RunAsync("pkill", ["-KILL", "-u", user]);
            }
            catch (InvalidOperationException)
            {
                // none left
            }

            await LabProcess.RunAsync("userdel", ["--force", "--remove", user]);
        }
    }

    /// <summary>
    /// What <see cref="MisbehavingUser"/>'s device does with any command from now on: "config" prints a small
    /// configuration; "paging" stops at a "--More--" prompt, "hang" stops mid-output, both waiting for ever; "flood" sends
    /// 60 MB; "error" answers as IOS does to a command it does not know.
    /// </summary>
    public async Task MisbehaveAsync(string behaviour)
    {
        await File.WriteAllTextAsync(_folder.File("behaviour"), behaviour);
        File.SetUnixFileMode(_folder.File("behaviour"), UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.GroupRead | UnixFileMode.OtherRead);
    }

    // Its login shell is a script: sshd runs it as "script -c COMMAND", and it does what the behaviour file says.
    private async Task AddMisbehavingUserAsync()
    {
        var script = _folder.File("misbehaving-router.sh");
        await File.WriteAllLinesAsync(script,
        [
            "#!/bin/sh",
            $"case \"$(cat {_folder.File("behaviour")} 2>/dev/null)\" in",
            "  paging) printf 'hostname r9\\ninterface eth0\\n description first page\\n --More-- '; exec sleep 600 ;;",
            "  hang) printf 'hostname r9\\ninterface eth0\\n descr'; exec sleep 600 ;;",
            "  flood) yes 'interface eth0 description filler line' | head -c 60000000 ;;",
            "  error) printf \"%% Invalid input detected at '^' marker.\\n\" ;;",
            "  *) printf 'hostname r9\\n!\\ninterface eth0\\n description fine\\n!\\nend\\n' ;;",
            "esac",
        ]);
        File.SetUnixFileMode(script, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute | UnixFileMode.GroupRead
            | UnixFileMode.GroupExecute | UnixFileMode.OtherRead | UnixFileMode.OtherExecute);
        await MisbehaveAsync("config");
        await AddUserAsync(MisbehavingUser, script);
        await LabProcess.RunAsync("chpasswd", [], input: $"{MisbehavingUser}:{Password}\n");
    }

    private async Task AddUserAsync(string user, string shell = "/usr/bin/vtysh")
    {
        await LabProcess.RunAsync("useradd", ["--create-home", "-s", shell, "-G", "frrvty,frr", user]);
        _users.Add(user);
    }

    private async Task StartSshdAsync(string keyName)
    {
        var key = _folder.File(keyName);
        await LabProcess.RunAsync("ssh-keygen", ["-q", "-t", "ed25519", "-N", "", "-C", "r1", "-f", key]);
        HostKeyFingerprint = (await LabProcess.RunAsync("ssh-keygen", ["-lf", key + ".pub"])).Split(' ')[1];
        var config = _folder.File("sshd.conf");
        await File.WriteAllLinesAsync(config,
        [
            $"ListenAddress {Address}",
            $"HostKey {key}",
            "PasswordAuthentication yes",
            "KbdInteractiveAuthentication no",
            "PubkeyAuthentication yes",
            "UsePAM yes",
            "UseDNS no",
            $"PidFile {_folder.File("sshd.pid")}",
        ]);
        Directory.CreateDirectory("/run/sshd");
        File.Delete(_folder.File("sshd.pid"));
        _sshd = Process.Start(new ProcessStartInfo(LabNamespace.Ip)
        {
            ArgumentList = { "netns", "exec", _lab!.Name, "nsenter", $"--uts={_uts}", "/usr/sbin/sshd", "-D", "-f", config, "-E", _folder.File("sshd.log") },
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        });
        await Eventually.WaitAsync(() => Task.FromResult(File.Exists(_folder.File("sshd.pid")) || _sshd?.HasExited != false), ready => ready);
    }
}

/// <summary>Test classes that need the SSH router share one and run one after another.</summary>
[CollectionDefinition(Name)]
public sealed class SshRouterCollection : ICollectionFixture<SshRouterLab>
{
    public const string Name = "ssh-router";
}
