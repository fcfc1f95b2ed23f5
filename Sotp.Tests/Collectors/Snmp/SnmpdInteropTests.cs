using System.Net;
using Sotp.Collectors.Snmp;
using Sotp.Collectors.Snmp.Ber;
using Sotp.Collectors.Snmp.Pdu;
using Sotp.Tests.Support;

namespace Sotp.Tests.Collectors.Snmp;

/// <summary>SOTP's SNMP manager against net-snmp's snmpd, the reference agent.</summary>
[LabTest]
public sealed class SnmpdInteropTests(SnmpdServer snmpd) : IClassFixture<SnmpdServer>, IAsyncLifetime
{
    private static readonly ObjectIdentifier SysName = ObjectIdentifier.Parse("1.3.6.1.2.1.1.5.0");
    private static readonly ObjectIdentifier SysDescr = ObjectIdentifier.Parse("1.3.6.1.2.1.1.1.0");
    private static readonly ObjectIdentifier SysContact = ObjectIdentifier.Parse("1.3.6.1.2.1.1.4.0");
    private static readonly ObjectIdentifier IfDescr = ObjectIdentifier.Parse("1.3.6.1.2.1.2.2.1.2");
    private static readonly ObjectIdentifier System = ObjectIdentifier.Parse("1.3.6.1.2.1.1");

    private readonly SnmpClient _client = new();

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private SnmpTarget Target(string community = "public", SnmpVersion version = SnmpVersion.V2c) =>
        new(snmpd.Endpoint, version, global::System.Text.Encoding.UTF8.GetBytes(community), TimeSpan.FromMilliseconds(700), 1);

    public ValueTask InitializeAsync() => ValueTask.CompletedTask;

    public ValueTask DisposeAsync() => _client.DisposeAsync();

    [Fact]
    public async Task Get_reads_the_system_group()
    {
        snmpd.RequireRunning();

        var response = await _client.GetAsync(Target(), [SysName, SysDescr], Ct);

        Assert.Equal(SnmpErrorStatus.NoError, response.Error);
        Assert.Equal(SnmpdServer.SysName, response.VarBinds[0].Value.ToString());
        Assert.StartsWith("Linux", response.VarBinds[1].Value.ToString(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(SnmpVersion.V1)]
    [InlineData(SnmpVersion.V2c)]
    public async Task A_walk_returns_the_subtree_in_order(SnmpVersion version)
    {
        snmpd.RequireRunning();

        var binds = new List<VarBind>();
        await foreach (var bind in _client.WalkAsync(Target(version: version), System, cancellationToken: Ct))
        {
            binds.Add(bind);
        }

        Assert.True(binds.Count >= 7, $"only {binds.Count} variables");
        Assert.All(binds, b => Assert.True(b.Oid.StartsWith(System)));
        Assert.Equal(binds.Select(b => b.Oid).Order(), binds.Select(b => b.Oid));
        Assert.Contains(binds, b => b.Oid == SysName && b.Value.ToString() == SnmpdServer.SysName);
    }

    [Fact]
    public async Task A_bulk_walk_of_ifDescr_finds_the_loopback_interface()
    {
        snmpd.RequireRunning();

        var names = new List<string>();
        await foreach (var bind in _client.WalkAsync(Target(), IfDescr, maxRepetitions: 2, cancellationToken: Ct))
        {
            names.Add(bind.Value.ToString());
        }

        Assert.Contains("lo", names);
    }

    [Fact]
    public async Task GetBulk_answers_up_to_max_repetitions()
    {
        snmpd.RequireRunning();

        var response = await _client.GetBulkAsync(Target(), 0, 5, [System], Ct);

        Assert.Equal(5, response.VarBinds.Count);
    }

    [Fact]
    public async Task A_missing_instance_is_reported_as_such()
    {
        snmpd.RequireRunning();

        var response = await _client.GetAsync(Target(), [ObjectIdentifier.Parse("1.3.6.1.2.1.1.5.99")], Ct);

        Assert.Equal(BerTag.NoSuchInstance, response.VarBinds[0].Value.Type);
    }

    [Fact]
    public async Task Set_changes_a_writable_value()
    {
        snmpd.RequireRunning();

        var set = await _client.SetAsync(Target("private"), [new VarBind(SysContact, SnmpValue.OctetString("noc@sotp.invalid"))], Ct);
        SnmpClient.ThrowOnError(set);
        var read = await _client.GetAsync(Target(), [SysContact], Ct);

        Assert.Equal("noc@sotp.invalid", read.VarBinds[0].Value.ToString());
    }

    [Fact]
    public async Task A_wrong_community_times_out_with_a_plain_message()
    {
        snmpd.RequireRunning();

        var error = await Assert.ThrowsAsync<SnmpTimeoutException>(() => _client.GetAsync(Target("not-the-community"), [SysName], Ct));

        Assert.Contains("community", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Many_requests_in_flight_on_one_socket_each_get_their_answer()
    {
        snmpd.RequireRunning();

        var answers = await Task.WhenAll(Enumerable.Range(0, 200).Select(_ => _client.GetAsync(Target(), [SysName], Ct)));

        Assert.All(answers, a => Assert.Equal(SnmpdServer.SysName, a.VarBinds[0].Value.ToString()));
    }

    [Fact]
    public async Task Nobody_listening_times_out()
    {
        var silent = new SnmpTarget(new IPEndPoint(IPAddress.Loopback, LabProcess.FreeLoopbackPort()), SnmpVersion.V2c, "public"u8.ToArray(),
            TimeSpan.FromMilliseconds(200), 1);

        await Assert.ThrowsAsync<SnmpTimeoutException>(() => _client.GetAsync(silent, [SysName], Ct));
    }
}
