// SOTP's ping sweep and SNMP poll with its own telemetry off and on, exporting to a real OTLP receiver.
//   Telemetry agents N                       N simulated SNMP agents (24 interfaces each) on 127.0.20.1.. port 16100
//   Telemetry run ENDPOINT RATIO ROUNDS N    ROUNDS of (a sweep of 1,024 loopback addresses, a poll of the N agents)
//                                            with SOTP's telemetry as the console sets it up (AddSotpTelemetry);
//                                            ENDPOINT "off" registers none. Prints "cpu_ms wall_ms spans_started"
using System.Diagnostics;
using System.Globalization;
using System.Net;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Sotp.Collectors.Icmp;
using Sotp.Collectors.Snmp;
using Sotp.Collectors.Snmp.Agent;
using Sotp.Collectors.Snmp.Polling;
using Sotp.Console.Hosting;
using Sotp.Core.Cluster;
using Sotp.Core.Observability;

if (args is ["agents", var n])
{
    var agents = Agents(int.Parse(n, CultureInfo.InvariantCulture))
        .Select((a, i) => new SnmpAgent(a, new SimulatedDevice($"bench-{i}", 24, TimeProvider.System, i).Mib, "bench")).ToList();
    Console.WriteLine($"ready {agents.Count}");
    await Task.Delay(Timeout.Infinite);
}

if (args is not ["run", var endpoint, var ratio, var roundsText, var devicesText])
{
    Console.Error.WriteLine("usage: Telemetry agents N | Telemetry run ENDPOINT|off RATIO ROUNDS N");
    return 2;
}

var builder = Host.CreateApplicationBuilder();
builder.Logging.ClearProviders();
builder.Configuration["Sotp:Observability:OtlpEndpoint"] = endpoint == "off" ? null : endpoint;
builder.Configuration["Sotp:Observability:SamplingRatio"] = ratio;
builder.Services.AddSotpTelemetry(builder.Configuration, NodeRoles.Collectors);
using var host = builder.Build();
await host.StartAsync();

var spans = 0L;
using var counter = new ActivityListener
{
    ShouldListenTo = s => s.Name == SotpTelemetry.SourceName,
    ActivityStarted = a => { if (a.Recorded) { Interlocked.Increment(ref spans); } },
};
ActivitySource.AddActivityListener(counter);

await using var pinger = new IcmpPinger();
await using var client = new SnmpClient();
var poller = new SnmpVitalsPoller(client, TimeProvider.System);
var pingTargets = Enumerable.Range(0, 1024).Select(i => IPAddress.Parse($"127.1.{i / 256}.{i % 256}")).ToArray();
var snmpTargets = Agents(int.Parse(devicesText, CultureInfo.InvariantCulture)).Select(a => SnmpTarget.V2c(a, "bench", TimeSpan.FromSeconds(5), 1)).ToArray();
var timeout = TimeSpan.FromMilliseconds(500);

// One round is traced as SOTP traces a sweep: its job's span is sampled at the ratio, and its probes follow.
async Task RoundAsync()
{
    using var round = SotpTelemetry.Source.StartActivity("bench round");
    await Task.WhenAll(pingTargets.Select(t => pinger.PingAsync(t, timeout, CancellationToken.None)));
    await Task.WhenAll(snmpTargets.Select(t => poller.PollAsync(t, CancellationToken.None)));
}

// Warm up outside the measurement: the code paths reach their optimised tier, the exporter connects.
for (var i = 0; i < 5; i++)
{
    await RoundAsync();
}

Interlocked.Exchange(ref spans, 0);
var cpuBefore = Process.GetCurrentProcess().TotalProcessorTime;
var clock = Stopwatch.StartNew();
for (var i = 0; i < int.Parse(roundsText, CultureInfo.InvariantCulture); i++)
{
    await RoundAsync();
}

clock.Stop();
// What was started is exported before the figures are taken: the export's own work counts.
await host.StopAsync();
var cpu = Process.GetCurrentProcess().TotalProcessorTime - cpuBefore;
Console.WriteLine($"{cpu.TotalMilliseconds:0} {clock.Elapsed.TotalMilliseconds:0} {Interlocked.Read(ref spans)}");
return 0;

static IPEndPoint[] Agents(int count) =>
    [.. Enumerable.Range(0, count).Select(i => new IPEndPoint(IPAddress.Parse($"127.0.{20 + (i / 250)}.{(i % 250) + 1}"), 16100))];
