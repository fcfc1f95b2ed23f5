// SOTP's ping sweep and SNMP poll with its own telemetry off and on, exporting to a real OTLP receiver.
//   Telemetry agents N                       N simulated SNMP agents (24 interfaces each) on 127.0.20.1.. port 16100
//   Telemetry run ENDPOINT ROUNDS N BLOCKS   BLOCKS times, each setting in a rotating order: ROUNDS of (a sweep of
//                                            1,024 loopback addresses, a poll of the N agents) with telemetry off,
//                                            on at the default sampling (0.05), and on with every probe traced (1.0),
//                                            set up as the console sets it up (AddSotpTelemetry). Prints one line per
//                                            block and setting: "setting cpu_ms wall_ms spans_recorded".
// The settings alternate inside one process, so what differs between processes (tiered JIT, heap layout, where
// the thread pool's threads landed) does not differ between the settings compared; run.sh compares within blocks.
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

if (args is not ["run", var endpoint, var roundsText, var devicesText, var blocksText])
{
    Console.Error.WriteLine("usage: Telemetry agents N | Telemetry run ENDPOINT ROUNDS N BLOCKS");
    return 2;
}

var rounds = int.Parse(roundsText, CultureInfo.InvariantCulture);
var blocks = int.Parse(blocksText, CultureInfo.InvariantCulture);
(string Name, string? Ratio)[] settings = [("off", null), ("on-0.05", "0.05"), ("on-1", "1")];

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

// Warm up outside the measurement: every setting's code paths reach their optimised tier, the exporter connects.
foreach (var setting in settings)
{
    await MeasureAsync(setting.Ratio, 5);
}

for (var block = 0; block < blocks; block++)
{
    for (var j = 0; j < settings.Length; j++)
    {
        var (name, ratio) = settings[(block + j) % settings.Length];
        var (cpu, wall, recorded) = await MeasureAsync(ratio, rounds);
        Console.WriteLine($"{name} {cpu.TotalMilliseconds:0} {wall.TotalMilliseconds:0} {recorded}");
    }
}

return 0;

// ROUNDS rounds with telemetry as the console sets it up (none when ratio is null). The CPU counted runs from the
// first round to the telemetry's shutdown, so exporting what was started is counted; starting it up is not.
async Task<(TimeSpan Cpu, TimeSpan Wall, long Spans)> MeasureAsync(string? ratio, int count)
{
    var builder = Host.CreateApplicationBuilder();
    builder.Logging.ClearProviders();
    builder.Configuration["Sotp:Observability:OtlpEndpoint"] = ratio is null ? null : endpoint;
    builder.Configuration["Sotp:Observability:SamplingRatio"] = ratio ?? "0";
    builder.Services.AddSotpTelemetry(builder.Configuration, NodeRoles.Collectors);
    var host = builder.Build();
    await host.StartAsync();
    // The garbage of the setting before is collected now, not inside this one's measurement.
    GC.Collect();
    GC.WaitForPendingFinalizers();
    GC.Collect();
    Interlocked.Exchange(ref spans, 0);
    var cpuBefore = Process.GetCurrentProcess().TotalProcessorTime;
    var clock = Stopwatch.StartNew();
    for (var i = 0; i < count; i++)
    {
        await RoundAsync();
    }

    clock.Stop();
    await host.StopAsync();
    host.Dispose();
    return (Process.GetCurrentProcess().TotalProcessorTime - cpuBefore, clock.Elapsed, Interlocked.Read(ref spans));
}

// One round is traced as SOTP traces a sweep: its job's span is sampled at the ratio, and its probes follow.
async Task RoundAsync()
{
    using var round = SotpTelemetry.Source.StartActivity("bench round");
    await Task.WhenAll(pingTargets.Select(t => pinger.PingAsync(t, timeout, CancellationToken.None)));
    await Task.WhenAll(snmpTargets.Select(t => poller.PollAsync(t, CancellationToken.None)));
}

static IPEndPoint[] Agents(int count) =>
    [.. Enumerable.Range(0, count).Select(i => new IPEndPoint(IPAddress.Parse($"127.0.{20 + (i / 250)}.{(i % 250) + 1}"), 16100))];
