using System.Net;
using Microsoft.Extensions.Time.Testing;
using Sotp.Collectors.Snmp;
using Sotp.Collectors.Snmp.Agent;
using Sotp.Collectors.Snmp.Pdu;
using Sotp.Collectors.Snmp.Polling;
using Sotp.Core.Metrics;
using Sotp.Tests.Support;

namespace Sotp.Tests.Collectors.Snmp;

[LabTest]
public sealed class VitalsPollerTests(SnmpdServer snmpd) : IClassFixture<SnmpdServer>, IAsyncLifetime
{
    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2026, 11, 27, 8, 0, 0, TimeSpan.Zero));
    private readonly SnmpClient _client = new();
    private SnmpAgent? _agent;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public ValueTask InitializeAsync() => ValueTask.CompletedTask;

    public async ValueTask DisposeAsync()
    {
        if (_agent is not null)
        {
            await _agent.DisposeAsync();
        }

        await _client.DisposeAsync();
    }

    private SnmpTarget Simulator(int interfaces)
    {
        _agent = new SnmpAgent(new IPEndPoint(IPAddress.Loopback, 0), new SimulatedDevice("sim-core", interfaces, _time, seed: 1).Mib, "public", "private");
        return SnmpTarget.V2c(_agent.LocalEndpoint, "public");
    }

    [Fact]
    public async Task The_simulator_yields_every_vital_and_sensible_rates()
    {
        var target = Simulator(interfaces: 24);
        var poller = new SnmpVitalsPoller(_client, _time);

        var first = await poller.PollAsync(target, Ct);
        _time.Advance(TimeSpan.FromSeconds(60));
        var second = await poller.PollAsync(target, Ct);

        Assert.Equal("sim-core", second.SysName);
        Assert.Equal(24, second.Interfaces.Count);
        Assert.InRange(second.CpuPercent!.Value, 0, 100);
        Assert.InRange(second.MemoryPercent!.Value, 0, 100);
        Assert.Equal(6000u, second.UptimeTicks - first.UptimeTicks);
        var port = second.Interfaces.Single(i => i.IfIndex == 4);
        Assert.Equal((10e9, true, "Gi0/3"), (port.SpeedBps, port.HighCapacity, port.Name));
        var (bps, gap) = CounterRate.Compute(
            new CounterReading(first.Interfaces.Single(i => i.IfIndex == 4).InOctets, first.UptimeTicks, first.At),
            new CounterReading(port.InOctets, second.UptimeTicks, second.At), port.HighCapacity, port.SpeedBps);
        Assert.Equal(RateGap.None, gap);
        Assert.InRange(bps!.Value, 0.05 * 10e9, 0.75 * 10e9);
    }

    [Fact]
    public async Task An_agent_that_answers_tooBig_is_asked_for_fewer_rows()
    {
        // An older agent that refuses GETBULKs of more than 3 rows with tooBig instead of truncating its answer.
        var device = new SimulatedDevice("old-agent", 24, _time, seed: 2);
        _agent = new SnmpAgent(new IPEndPoint(IPAddress.Loopback, 0), device.Mib, "public");
        using var socket = new System.Net.Sockets.UdpClient(new IPEndPoint(IPAddress.Loopback, 0));
        var asked = new List<int>();
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(Ct);
        var serve = Task.Run(async () =>
        {
            while (!stop.IsCancellationRequested)
            {
                var request = await socket.ReceiveAsync(stop.Token);
                SnmpCodec.TryDecode(request.Buffer, out var message);
                var answer = _agent.Answer(request.Buffer);
                if (message!.Pdu.Type == PduType.GetBulkRequest)
                {
                    asked.Add(message.Pdu.ErrorIndex);
                    if (message.Pdu.ErrorIndex > 3)
                    {
                        answer = SnmpCodec.Encode(message with { Pdu = message.Pdu with { Type = PduType.Response, ErrorStatus = (int)SnmpErrorStatus.TooBig, ErrorIndex = 0 } });
                    }
                }

                await socket.SendAsync(answer!, request.RemoteEndPoint, stop.Token);
            }
        }, Ct);
        var target = SnmpTarget.V2c((IPEndPoint)socket.Client.LocalEndPoint!, "public") with { MaxRepetitions = 20 };

        var reading = await new SnmpVitalsPoller(_client, _time).PollAsync(target, Ct);
        await stop.CancelAsync();
        try
        {
            await serve;
        }
        catch (OperationCanceledException)
        {
            // stopped while waiting for the next request
        }

        Assert.Equal(24, reading.Interfaces.Count);
        Assert.Equal([20, 10, 5, 2], asked.Take(4));
        Assert.True(reading.MemoryPercent is not null, "the storage walk after the interfaces came back empty");
    }

    [Fact]
    public async Task An_interface_set_admin_down_reads_down()
    {
        var target = Simulator(interfaces: 3);
        var poller = new SnmpVitalsPoller(_client, _time);

        SnmpClient.ThrowOnError(await _client.SetAsync(SnmpTarget.V2c(target.Endpoint, "private"),
            [new VarBind(ObjectIdentifier.Parse("1.3.6.1.2.1.2.2.1.7.2"), SnmpValue.Integer(2))], Ct));
        var reading = await poller.PollAsync(target, Ct);

        Assert.Equal((2, 2), (reading.Interfaces[1].AdminStatus, reading.Interfaces[1].OperStatus));
        Assert.Equal((1, 1), (reading.Interfaces[0].AdminStatus, reading.Interfaces[0].OperStatus));
    }

    [Fact]
    public async Task A_real_linux_agent_gives_interfaces_cpu_and_memory()
    {
        snmpd.RequireRunning();
        var poller = new SnmpVitalsPoller(_client, TimeProvider.System);

        var reading = await poller.PollAsync(SnmpTarget.V2c(snmpd.Endpoint, "public"), Ct);

        Assert.Equal(SnmpdServer.SysName, reading.SysName);
        Assert.Contains(reading.Interfaces, i => i.Name == "lo" && i.OperStatus == 1);
        Assert.NotNull(reading.MemoryPercent);
        Assert.InRange(reading.MemoryPercent!.Value, 0.1, 100);
        // net-snmp answers hrProcessorLoad and ssCpuIdle only after its first minute: until then CPU is unknown, not 0.
        Assert.True(reading.CpuPercent is null ? reading.CpuSource is null : reading.CpuPercent is >= 0 and <= 100);
    }
}
