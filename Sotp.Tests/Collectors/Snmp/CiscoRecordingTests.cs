using Sotp.Collectors.Snmp;
using Sotp.Collectors.Snmp.Pdu;
using Sotp.Collectors.Snmp.Polling;
using Sotp.Tests.Support;

namespace Sotp.Tests.Collectors.Snmp;

/// <summary>The vitals poller against snmpsim replaying a real Cisco Catalyst 3750: Cisco's own CPU and memory MIBs.</summary>
[LabTest]
public sealed class CiscoRecordingTests(SnmpsimServer snmpsim) : IClassFixture<SnmpsimServer>, IAsyncLifetime
{
    private readonly SnmpClient _client = new();

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private SnmpTarget Target => new(snmpsim.Endpoint, SnmpVersion.V2c, System.Text.Encoding.UTF8.GetBytes(SnmpsimServer.Community),
        TimeSpan.FromSeconds(2), 1);

    public ValueTask InitializeAsync() => ValueTask.CompletedTask;

    public ValueTask DisposeAsync() => _client.DisposeAsync();

    [Fact]
    public async Task A_cisco_switch_gives_cpu_and_memory_from_its_own_mibs()
    {
        snmpsim.RequireRunning();
        var poller = new SnmpVitalsPoller(_client, TimeProvider.System);

        // Several polls in a row: a single-threaded agent must keep answering SOTP's lockstep column walks.
        for (var poll = 0; poll < 3; poll++)
        {
            var reading = await poller.PollAsync(Target, Ct);

            Assert.Equal("Profiler3750", reading.SysName);
            Assert.Equal("CISCO-PROCESS-MIB cpmCPUTotal5minRev", reading.CpuSource);
            Assert.Equal(25, reading.CpuPercent);
            Assert.Equal("CISCO-MEMORY-POOL-MIB", reading.MemorySource);
            Assert.Equal(100.0 * 43_684_208 / (43_684_208 + 38_106_060), reading.MemoryPercent!.Value, 6);
            Assert.Equal(59, reading.Interfaces.Count);
            Assert.Contains(reading.Interfaces, i => i.Name == "Fa3/0/1");
            Assert.Contains(reading.Interfaces, i => i.Name == "Vl60" && i.HighCapacity && i.InOctets == 37_505_809_994);
        }
    }
}
