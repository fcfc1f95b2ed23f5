using System.Diagnostics;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Sotp.Collectors.Syslog;
using Sotp.Tests.Support;

namespace Sotp.Tests.Lab;

/// <summary>
/// rsyslog, the relay most networks put between their devices and their tools, forwards to SOTP over UDP
/// (RFC 5424), TCP with octet counting, and TLS (gtls, RFC 5425): each message arrives once, from its device.
/// </summary>
[LabTest]
public sealed class RsyslogForwardingTests : IAsyncLifetime
{
    private readonly TempDirectory _folder = new("sotp-rsyslog");
    private SotpAppFactory _app = null!;
    private Process? _rsyslog;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public ValueTask InitializeAsync() => ValueTask.CompletedTask;

    public async ValueTask DisposeAsync()
    {
        await LabProcess.StopAsync(_rsyslog);
        if (_app is not null)
        {
            await _app.DisposeAsync();
        }

        _folder.Dispose();
    }

    [Fact]
    public async Task Rsyslog_forwards_over_udp_tcp_and_tls_and_each_message_arrives_once()
    {
        var rsyslogd = LabRequirement.FindExecutable("/usr/sbin/rsyslogd");
        var logger = LabRequirement.FindExecutable("/usr/bin/logger");
        LabRequirement.Require(rsyslogd is not null && logger is not null, "rsyslogd (Debian packages rsyslog, rsyslog-gnutls) or logger not found");
        var (certificate, key) = TestCertificates.WriteServerPem(_folder);
        _app = new SotpAppFactory().With("Sotp:Syslog:TlsPort", "0").With("Sotp:Syslog:TlsCertificatePath", certificate)
            .With("Sotp:Syslog:TlsKeyPath", key);
        var api = await _app.CreateBearerClientAsync();
        var created = await api.PostAsJsonAsync("/api/v1/devices", new { name = "relay-host", address = "127.0.0.1", kind = "server", monitored = false }, Ct);
        var id = (await created.Content.ReadFromJsonAsync<JsonElement>(Ct)).GetProperty("id").GetInt32();
        var service = _app.Services.GetRequiredService<SyslogService>();
        var receiver = await Eventually.WaitAsync(() => Task.FromResult(service.Receiver!), r => r is not null);
        int Port(SyslogTransport t) => receiver.Endpoints[t].Port;

        // One rsyslog of our own: a socket of its own as input, one forwarding action per program name.
        var socket = _folder.File("log.sock");
        var config = _folder.File("rsyslog.conf");
        await File.WriteAllLinesAsync(config,
        [
            $"global(workDirectory=\"{_folder.Path}\" DefaultNetstreamDriverCAFile=\"{certificate}\")",
            "module(load=\"imuxsock\" SysSock.Use=\"off\")",
            $"input(type=\"imuxsock\" Socket=\"{socket}\" CreatePath=\"on\")",
            $"if $programname == 'via-udp' then action(type=\"omfwd\" target=\"127.0.0.1\" port=\"{Port(SyslogTransport.Udp)}\" protocol=\"udp\" template=\"RSYSLOG_SyslogProtocol23Format\")",
            $"if $programname == 'via-tcp' then action(type=\"omfwd\" target=\"127.0.0.1\" port=\"{Port(SyslogTransport.Tcp)}\" protocol=\"tcp\" TCP_Framing=\"octet-counted\")",
            $"if $programname == 'via-tls' then action(type=\"omfwd\" target=\"127.0.0.1\" port=\"{Port(SyslogTransport.Tls)}\" protocol=\"tcp\" StreamDriver=\"gtls\" StreamDriverMode=\"1\" StreamDriverAuthMode=\"anon\" TCP_Framing=\"octet-counted\")",
        ], Ct);
        await LabProcess.RunAsync(rsyslogd!, ["-N1", "-f", config]);
        _rsyslog = Process.Start(new ProcessStartInfo(rsyslogd!)
        {
            ArgumentList = { "-n", "-f", config, "-i", _folder.File("rsyslog.pid") },
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        });
        await Eventually.WaitAsync(() => Task.FromResult(File.Exists(socket)), exists => exists);

        foreach (var transport in new[] { "udp", "tcp", "tls" })
        {
            var token = $"{transport}-{Guid.NewGuid():N}";
            await LabProcess.RunAsync(logger!, ["-u", socket, "-t", $"via-{transport}", "-p", "daemon.warning", $"forwarded {token}"]);
            var found = await Eventually.WaitAsync(() => api.GetFromJsonAsync<JsonElement>($"/api/v1/events?q={token}", Ct), e => e.GetArrayLength() > 0);
            var e = Assert.Single(found.EnumerateArray());
            Assert.Equal((id, "warning", $"via-{transport}"), (e.GetProperty("deviceId").GetInt32(), e.GetProperty("severity").GetString(),
                e.GetProperty("fields").GetProperty("app").GetString()));
        }

        Assert.Equal(1, receiver.Received(SyslogTransport.Tls));
        Assert.Empty(receiver.Refused);
    }
}
