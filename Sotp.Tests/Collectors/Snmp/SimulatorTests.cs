using System.Net;
using System.Net.Sockets;
using Microsoft.Extensions.Time.Testing;
using Sotp.Collectors.Snmp;
using Sotp.Collectors.Snmp.Agent;
using Sotp.Collectors.Snmp.Pdu;
using Sotp.Tests.Support;

namespace Sotp.Tests.Collectors.Snmp;

/// <summary>SOTP's agent simulator, checked by net-snmp's own tools and by SOTP's manager.</summary>
[LabTest]
public sealed class SimulatorTests : IAsyncLifetime
{
    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2026, 11, 27, 8, 0, 0, TimeSpan.Zero));
    private readonly SimulatedDevice _device;
    private readonly SnmpAgent _agent;

    public SimulatorTests()
    {
        _device = new SimulatedDevice("sim-rtr1", interfaceCount: 4, _time, seed: 3);
        _agent = new SnmpAgent(new IPEndPoint(IPAddress.Loopback, 0), _device.Mib, "public", "private");
    }

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private string Agent => $"udp:127.0.0.1:{_agent.LocalEndpoint.Port}";

    public ValueTask InitializeAsync() => ValueTask.CompletedTask;

    public ValueTask DisposeAsync() => _agent.DisposeAsync();

    private static string Tool(string name)
    {
        var path = LabRequirement.FindExecutable($"/usr/bin/{name}");
        LabRequirement.Require(path is not null, $"{name} (Debian package snmp) not found");
        return path!;
    }

    private static Task<string> RunAsync(string tool, params string[] arguments) =>
        LabProcess.RunAsync(Tool(tool), ["-On", "-t", "1", "-r", "1", .. arguments]);

    [Fact]
    public async Task Net_snmp_snmpget_reads_the_simulator()
    {
        var output = await RunAsync("snmpget", "-v2c", "-c", "public", Agent, ".1.3.6.1.2.1.1.5.0", ".1.3.6.1.2.1.2.1.0");

        Assert.Contains(".1.3.6.1.2.1.1.5.0 = STRING: \"sim-rtr1\"", output, StringComparison.Ordinal);
        Assert.Contains(".1.3.6.1.2.1.2.1.0 = INTEGER: 4", output, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("snmpwalk", "-v1")]
    [InlineData("snmpwalk", "-v2c")]
    [InlineData("snmpbulkwalk", "-v2c")]
    public async Task Net_snmp_walks_the_interface_table(string tool, string version)
    {
        var output = await RunAsync(tool, version, "-c", "public", Agent, ".1.3.6.1.2.1.2.2.1.2");

        var lines = output.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(4, lines.Length);
        Assert.Contains(".1.3.6.1.2.1.2.2.1.2.2 = STRING: \"Gi0/1\"", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Net_snmp_reads_64_bit_counters()
    {
        var output = await RunAsync("snmpbulkwalk", "-v2c", "-c", "public", Agent, ".1.3.6.1.2.1.31.1.1.1.6");

        Assert.Equal(4, output.Split('\n', StringSplitOptions.RemoveEmptyEntries).Count(l => l.Contains("Counter64:", StringComparison.Ordinal)));
    }

    [Fact]
    public async Task Net_snmp_snmpset_takes_an_interface_down()
    {
        await RunAsync("snmpset", "-v2c", "-c", "private", Agent, ".1.3.6.1.2.1.2.2.1.7.2", "i", "2");

        var output = await RunAsync("snmpget", "-v2c", "-c", "public", Agent, ".1.3.6.1.2.1.2.2.1.8.2");
        Assert.Contains("INTEGER: 2", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_read_only_community_cannot_set()
    {
        var error = await Assert.ThrowsAsync<InvalidOperationException>(() =>
            RunAsync("snmpset", "-v2c", "-c", "public", Agent, ".1.3.6.1.2.1.2.2.1.7.2", "i", "2"));

        Assert.Contains("Timeout", error.Message, StringComparison.Ordinal);
        Assert.Equal(2, _agent.BadCommunity); // the first try and one retry (-r 1), both ignored
    }

    [Fact]
    public async Task Counters_move_with_time_and_wrap_at_32_bits()
    {
        await using var client = new SnmpClient();
        var target = SnmpTarget.V2c(_agent.LocalEndpoint, "public");
        var in32 = ObjectIdentifier.Parse("1.3.6.1.2.1.2.2.1.10.2");
        var in64 = ObjectIdentifier.Parse("1.3.6.1.2.1.31.1.1.1.6.2");

        var before = await client.GetAsync(target, [in32, in64], Ct);
        _time.Advance(TimeSpan.FromMinutes(5));
        var after = await client.GetAsync(target, [in32, in64], Ct);

        var delta64 = after.VarBinds[1].Value.Counter64 - before.VarBinds[1].Value.Counter64;
        var bitsPerSecond = delta64 * 8.0 / 300;
        Assert.InRange(bitsPerSecond, 1e6, 1e9); // a live, sub-line-rate gigabit port
        Assert.Equal(unchecked((uint)after.VarBinds[1].Value.Counter64), (uint)after.VarBinds[0].Value.Number);
        Assert.True((uint)after.VarBinds[0].Value.Number < (uint)before.VarBinds[0].Value.Number, "Counter32 should have wrapped");
    }

    [Fact]
    public async Task Garbage_is_refused_and_counted_and_the_agent_keeps_answering()
    {
        using var socket = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
        var random = new Random(42);
        for (var batch = 1; batch <= 10; batch++)
        {
            for (var i = 0; i < 50; i++)
            {
                var junk = new byte[random.Next(1, 1400)];
                random.NextBytes(junk);
                junk[0] = 0x30;
                await socket.SendToAsync(junk, SocketFlags.None, _agent.LocalEndpoint, Ct);
            }

            // Paced in batches so the kernel's socket buffer never drops any: each must be counted.
            var expected = batch * 50;
            await Eventually.WaitAsync(() => Task.FromResult(_agent.Rejected), rejected => rejected >= expected);
        }

        await using var client = new SnmpClient();
        var answer = await client.GetAsync(SnmpTarget.V2c(_agent.LocalEndpoint, "public"), [ObjectIdentifier.Parse("1.3.6.1.2.1.1.5.0")], Ct);

        Assert.Equal("sim-rtr1", answer.VarBinds[0].Value.ToString());
        Assert.Equal(500, _agent.Rejected);
    }
}
