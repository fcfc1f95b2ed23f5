using Sotp.Collectors.Snmp;
using Sotp.Collectors.Snmp.Pdu;
using Sotp.Collectors.Snmp.Polling;
using Sotp.Collectors.Snmp.Usm;
using Sotp.Core.Metrics;
using Sotp.Tests.Support;

namespace Sotp.Tests.Lab;

/// <summary>SOTP polls net-snmp's snmpd on a router in a network namespace whose real interfaces go down and up.</summary>
[LabTest]
public sealed class RouterSnmpTests(RouterLab router) : IClassFixture<RouterLab>, IAsyncLifetime
{
    private readonly SnmpClient _client = new();

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public ValueTask InitializeAsync() => ValueTask.CompletedTask;

    public ValueTask DisposeAsync() => _client.DisposeAsync();

    private SnmpTarget V2c(string community) => SnmpTarget.V2c(new(router.RouterAddress, 161), community, TimeSpan.FromSeconds(1), 2);

    private Task<InterfaceReading> Eth1Async(SnmpTarget target) => Eventually.WaitAsync(
        async () => (await new SnmpVitalsPoller(_client, TimeProvider.System).PollAsync(target, Ct)).Interfaces.Single(i => i.Name == "eth1"),
        _ => true);

    [Fact]
    public async Task A_real_interface_going_down_and_up_is_seen_and_an_snmp_set_brings_it_back()
    {
        router.RequireRunning();
        var reader = V2c(router.ReadCommunity);
        var poller = new SnmpVitalsPoller(_client, TimeProvider.System);

        var reading = await poller.PollAsync(reader, Ct);
        Assert.Equal("r1.lab", reading.SysName);
        var eth1 = reading.Interfaces.Single(i => i.Name == "eth1");
        Assert.Equal((1, 1), (eth1.AdminStatus, eth1.OperStatus));

        await router.SetLinkAsync("eth1", up: false);
        var down = await Eventually.WaitAsync(() => Eth1Async(reader), i => i.OperStatus == 2);
        Assert.Equal((2, 2), (down.AdminStatus, down.OperStatus));

        // ifAdminStatus := up through SNMP really brings the link up (the ifIndex is looked up by name: it changes between runs).
        var set = await _client.SetAsync(V2c(router.WriteCommunity),
            [new VarBind(ObjectIdentifier.Parse($"1.3.6.1.2.1.2.2.1.7.{eth1.IfIndex}"), SnmpValue.Integer(1))], Ct);
        SnmpClient.ThrowOnError(set);
        var up = await Eventually.WaitAsync(() => Eth1Async(reader), i => i.OperStatus == 1);
        Assert.Equal((1, 1), (up.AdminStatus, up.OperStatus));
        Assert.Contains(" UP ", await router.InRouterAsync("/usr/sbin/ip", "-br", "link", "show", "eth1"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_router_answers_v3_authpriv()
    {
        router.RequireRunning();
        var target = SnmpTarget.V3(new(router.RouterAddress, 161),
            new UsmUser("admin", AuthProtocol.Sha1, router.AuthPassphrase, PrivProtocol.Aes128, router.PrivPassphrase), TimeSpan.FromSeconds(1), 2);

        var reading = await new SnmpVitalsPoller(_client, TimeProvider.System).PollAsync(target, Ct);

        Assert.Equal("r1.lab", reading.SysName);
        Assert.Contains(reading.Interfaces, i => i.Name == "eth0" && i.OperStatus == 1);
    }

    [Fact]
    public async Task A_router_gone_dark_times_out()
    {
        router.RequireRunning();
        await router.SetLinkAsync("eth0", up: false);
        try
        {
            await Assert.ThrowsAsync<SnmpTimeoutException>(() =>
                _client.GetAsync(SnmpTarget.V2c(new(router.RouterAddress, 161), router.ReadCommunity, TimeSpan.FromMilliseconds(300), 0),
                    [ObjectIdentifier.Parse("1.3.6.1.2.1.1.5.0")], Ct));
        }
        finally
        {
            await router.SetLinkAsync("eth0", up: true);
        }
    }
}
