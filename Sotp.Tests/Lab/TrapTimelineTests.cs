using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Sotp.Collectors.Snmp.Traps;
using Sotp.Tests.Support;

namespace Sotp.Tests.Lab;

/// <summary>net-snmp's snmptrap sends to the console's trap receiver; the trap joins its device's timeline, explained.</summary>
[LabTest]
public sealed class TrapTimelineTests : IAsyncLifetime
{
    private readonly SotpAppFactory _app = new();
    private HttpClient _api = null!;
    private SnmpTrapReceiver _receiver = null!;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public async ValueTask InitializeAsync()
    {
        _api = await _app.CreateBearerClientAsync();
        var service = _app.Services.GetRequiredService<TrapService>();
        _receiver = await Eventually.WaitAsync(() => Task.FromResult(service.Receiver!), r => r is not null);
    }

    public ValueTask DisposeAsync() => _app.DisposeAsync();

    private static string SnmpTrap()
    {
        var path = LabRequirement.FindExecutable("/usr/bin/snmptrap");
        LabRequirement.Require(path is not null, "snmptrap (Debian package snmp) not found");
        return path!;
    }

    private Task<string> SendLinkDownAsync(string community, string ifName) => LabProcess.RunAsync(SnmpTrap(),
        ["-v2c", "-c", community, $"udp:127.0.0.1:{_receiver.LocalEndpoint.Port}", "", "1.3.6.1.6.3.1.1.5.3",
            "1.3.6.1.2.1.2.2.1.1.9", "i", "9", "1.3.6.1.2.1.2.2.1.7.9", "i", "1", "1.3.6.1.2.1.2.2.1.8.9", "i", "2",
            "1.3.6.1.2.1.31.1.1.1.1.9", "s", ifName]);

    [Fact]
    public async Task A_trap_with_the_devices_community_joins_its_timeline_and_a_stranger_is_refused()
    {
        var community = TestSecrets.NewPassword();
        var created = await _api.PostAsJsonAsync("/api/v1/devices", new { name = "trap-rtr", address = "127.0.0.1", kind = "router", monitored = false }, Ct);
        var id = (await created.Content.ReadFromJsonAsync<JsonElement>(Ct)).GetProperty("id").GetInt32();
        (await _api.PutAsJsonAsync($"/api/v1/devices/{id}/snmp", new { version = "2c", community, pollIntervalSeconds = 3600 }, Ct)).EnsureSuccessStatusCode();

        var ifName = "eth" + Guid.NewGuid().ToString("N")[..6];
        // The receiver picks the new community up within seconds: send until it is taken.
        var found = await Eventually.WaitAsync(async () =>
        {
            await SendLinkDownAsync(community, ifName);
            return await _api.GetFromJsonAsync<JsonElement>($"/api/v1/events?source=trap&q={ifName}", Ct);
        }, e => e.GetArrayLength() > 0);

        var trap = found.EnumerateArray().First();
        Assert.Equal((id, "trap", "linkDown", "warning"), (trap.GetProperty("deviceId").GetInt32(), trap.GetProperty("source").GetString(),
            trap.GetProperty("code").GetString(), trap.GetProperty("severity").GetString()));
        Assert.Equal($"Link down on {ifName}", trap.GetProperty("title").GetString());
        Assert.Equal("9", trap.GetProperty("fields").GetProperty("ifIndex").GetString());
        Assert.DoesNotContain(community, trap.GetRawText(), StringComparison.Ordinal);

        var refusedBefore = _receiver.Refused.GetValueOrDefault("UnknownCommunity");
        await SendLinkDownAsync(TestSecrets.NewPassword(), "stranger0");
        await Eventually.WaitAsync(() => Task.FromResult(_receiver.Refused.GetValueOrDefault("UnknownCommunity")), n => n > refusedBefore);
        Assert.Equal(0, (await _api.GetFromJsonAsync<JsonElement>("/api/v1/events?q=stranger0", Ct)).GetArrayLength());
    }
}
