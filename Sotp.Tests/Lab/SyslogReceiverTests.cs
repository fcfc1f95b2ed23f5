using System.Net;
using System.Net.Http.Json;
using System.Net.Sockets;
using System.Text;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Sotp.Collectors.Syslog;
using Sotp.Tests.Support;

namespace Sotp.Tests.Lab;

/// <summary>util-linux's logger sends to SOTP's syslog receiver over UDP and TCP; the events come back from the API.</summary>
[LabTest]
public sealed class SyslogReceiverTests : IAsyncLifetime
{
    private readonly SotpAppFactory _app = new();
    private HttpClient _api = null!;
    private SyslogReceiver _receiver = null!;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public async ValueTask InitializeAsync()
    {
        _api = await _app.CreateBearerClientAsync();
        var service = _app.Services.GetRequiredService<SyslogService>();
        _receiver = await Eventually.WaitAsync(() => Task.FromResult(service.Receiver!), r => r is not null);
    }

    public ValueTask DisposeAsync() => _app.DisposeAsync();

    private static string Logger()
    {
        var path = LabRequirement.FindExecutable("/usr/bin/logger");
        LabRequirement.Require(path is not null, "logger (Debian package bsdutils) not found");
        return path!;
    }

    private async Task<int> CreateDeviceAsync(string name, string address)
    {
        var created = await _api.PostAsJsonAsync("/api/v1/devices", new { name, address, kind = "router", monitored = false }, Ct);
        created.EnsureSuccessStatusCode();
        return (await created.Content.ReadFromJsonAsync<JsonElement>(Ct)).GetProperty("id").GetInt32();
    }

    private async Task<JsonElement> EventAsync(string token)
    {
        var found = await Eventually.WaitAsync(() => _api.GetFromJsonAsync<JsonElement>($"/api/v1/events?q={token}", Ct), e => e.GetArrayLength() > 0);
        return Assert.Single(found.EnumerateArray());
    }

    private int Port(SyslogTransport transport) => _receiver.Endpoints[transport].Port;

    [Fact]
    public async Task Logger_over_udp_tcp_and_octet_counted_tcp_reaches_the_timeline_of_its_device()
    {
        var id = await CreateDeviceAsync("syslog-host", "127.0.0.1");
        var udp = Guid.NewGuid().ToString("N");
        var tcp = Guid.NewGuid().ToString("N");
        var counted = Guid.NewGuid().ToString("N");

        await LabProcess.RunAsync(Logger(), ["--server", "127.0.0.1", "--port", $"{Port(SyslogTransport.Udp)}", "--udp", "--rfc3164",
            "-p", "local7.warning", "-t", "sshd", $"Failed password for invalid user {udp} from 192.0.2.5 port 4242 ssh2"]);
        await LabProcess.RunAsync(Logger(), ["--server", "127.0.0.1", "--port", $"{Port(SyslogTransport.Tcp)}", "--tcp", "--rfc5424",
            "-p", "daemon.err", "-t", "bgpd", "--msgid", "ADJ", "--sd-id", "sotp@32473", "--sd-param", $"peer=\"{tcp}\"", $"neighbor {tcp} Down"]);
        await LabProcess.RunAsync(Logger(), ["--server", "127.0.0.1", "--port", $"{Port(SyslogTransport.Tcp)}", "--tcp", "--octet-count",
            "--rfc5424", "-p", "user.notice", "-t", "app", $"counted {counted}"]);

        var first = await EventAsync(udp);
        Assert.Equal((id, "syslog", "warning"), (first.GetProperty("deviceId").GetInt32(), first.GetProperty("source").GetString(), first.GetProperty("severity").GetString()));
        Assert.Equal("sshd", first.GetProperty("fields").GetProperty("app").GetString());
        Assert.Equal("23", first.GetProperty("fields").GetProperty("facility").GetString());
        Assert.StartsWith("<188>", first.GetProperty("raw").GetString(), StringComparison.Ordinal);

        var second = await EventAsync(tcp);
        Assert.Equal((id, "error"), (second.GetProperty("deviceId").GetInt32(), second.GetProperty("severity").GetString()));
        var fields = second.GetProperty("fields");
        Assert.Equal(("bgpd", "ADJ", tcp), (fields.GetProperty("app").GetString(), fields.GetProperty("msgid").GetString(),
            fields.GetProperty("sotp@32473.peer").GetString()));

        var third = await EventAsync(counted);
        Assert.Equal(id, third.GetProperty("deviceId").GetInt32());
        Assert.True(_receiver.Received(SyslogTransport.Tcp) >= 2);
    }

    [Fact]
    public async Task A_sender_no_device_matches_is_kept_and_a_host_name_finds_its_device()
    {
        // The device is found by the host name in the message: it sends from another address (a relay, a NAT).
        var id = await CreateDeviceAsync("edge-fw1", "127.0.0.40");
        var named = Guid.NewGuid().ToString("N");
        var stranger = Guid.NewGuid().ToString("N");
        using var client = new UdpClient(new IPEndPoint(IPAddress.Parse("127.0.0.3"), 0));
        var target = new IPEndPoint(IPAddress.Loopback, Port(SyslogTransport.Udp));
        await client.SendAsync(Encoding.UTF8.GetBytes($"<189>Nov 29 09:59:59 edge-fw1.example.net %LINK-3-UPDOWN: Interface Gi0/1, changed state to down {named}"), target, Ct);
        await client.SendAsync(Encoding.UTF8.GetBytes($"<13>Nov 29 09:59:59 mystery-box app: hello {stranger}"), target, Ct);

        var byName = await EventAsync(named);
        Assert.Equal(id, byName.GetProperty("deviceId").GetInt32());
        Assert.Equal("LINK-3-UPDOWN", byName.GetProperty("code").GetString());
        var unmatched = await EventAsync(stranger);
        Assert.Equal(JsonValueKind.Null, unmatched.GetProperty("deviceId").ValueKind);
    }

    [Fact]
    public async Task Bad_query_parameters_are_explained()
    {
        var response = await _api.GetAsync("/api/v1/events?severity=loud&source=email&limit=0", Ct);
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var errors = (await response.Content.ReadFromJsonAsync<JsonElement>(Ct)).GetProperty("errors");
        Assert.True(errors.TryGetProperty("severity", out _));
        Assert.True(errors.TryGetProperty("source", out _));
        Assert.True(errors.TryGetProperty("limit", out _));
    }
}
