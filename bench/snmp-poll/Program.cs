// Two roles, so the agents' CPU never counts for the poller:
//   SnmpPoll agents N          N simulated agents (24 interfaces each) on 127.0.20.1.. port 16100, until killed
//   SnmpPoll poll N            SOTP polls all N agents at once (interfaces, CPU, memory); prints "oids wall_ms cpu_ms"
using System.Diagnostics;
using System.Globalization;
using System.Net;
using Sotp.Collectors.Snmp;
using Sotp.Collectors.Snmp.Agent;
using Sotp.Collectors.Snmp.Polling;

if (args.Length < 2 || !int.TryParse(args[1], NumberStyles.None, CultureInfo.InvariantCulture, out var count))
{
    Console.Error.WriteLine("usage: SnmpPoll agents|poll N");
    return 2;
}

var addresses = Enumerable.Range(0, count).Select(i => new IPEndPoint(IPAddress.Parse($"127.0.{20 + (i / 250)}.{(i % 250) + 1}"), 16100)).ToArray();

if (args[0] == "agents")
{
    var agents = addresses.Select((a, i) => new SnmpAgent(a, new SimulatedDevice($"bench-{i}", 24, TimeProvider.System, i).Mib, "bench")).ToList();
    Console.WriteLine($"ready {agents.Count}");
    await Task.Delay(Timeout.Infinite);
}

await using var client = new SnmpClient();
var poller = new SnmpVitalsPoller(client, TimeProvider.System);
var targets = addresses.Select(a => SnmpTarget.V2c(a, "bench", TimeSpan.FromSeconds(5), 1)).ToArray();
await poller.PollAsync(targets[0], CancellationToken.None); // warm up the code paths outside the measurement

var cpuBefore = Process.GetCurrentProcess().TotalProcessorTime;
var clock = Stopwatch.StartNew();
var readings = await Task.WhenAll(targets.Select(t => poller.PollAsync(t, CancellationToken.None)));
clock.Stop();
var cpu = Process.GetCurrentProcess().TotalProcessorTime - cpuBefore;

// Values read: 16 interface columns per interface, plus uptime/name/descr, CPU loads and storage rows.
var oids = readings.Sum(r => (r.Interfaces.Count * 16) + 3 + 2 + 4);
Console.WriteLine($"{oids} {clock.Elapsed.TotalMilliseconds:0.0} {cpu.TotalMilliseconds:0.0}");
return 0;
