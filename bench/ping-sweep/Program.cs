// Sweeps a list of targets once with SOTP's ICMP engine, all probes in flight together, and prints
// "answered lost wall_ms cpu_ms" plus the addresses that did not answer (to the file given as the 2nd argument).
using System.Diagnostics;
using System.Net;
using Sotp.Collectors.Icmp;

if (args.Length < 2)
{
    Console.Error.WriteLine("usage: PingSweep TARGETS_FILE LOST_OUT_FILE [timeout_ms]");
    return 2;
}

var targets = File.ReadAllLines(args[0]).Where(l => l.Length > 0).Select(IPAddress.Parse).ToArray();
var timeout = TimeSpan.FromMilliseconds(args.Length > 2 ? int.Parse(args[2], System.Globalization.CultureInfo.InvariantCulture) : 500);
await using var pinger = new IcmpPinger();

// Open the socket (and JIT the path) on one probe to ourselves, outside the measurement.
await pinger.PingAsync(IPAddress.Loopback, timeout, CancellationToken.None);

var cpuBefore = Process.GetCurrentProcess().TotalProcessorTime;
var clock = Stopwatch.StartNew();
var results = await Task.WhenAll(targets.Select(t => pinger.PingAsync(t, timeout, CancellationToken.None)));
clock.Stop();
var cpu = Process.GetCurrentProcess().TotalProcessorTime - cpuBefore;

var lost = targets.Where((_, i) => results[i] is null).ToArray();
File.WriteAllLines(args[1], lost.Select(a => a.ToString()));
Console.WriteLine($"{targets.Length - lost.Length} {lost.Length} {clock.Elapsed.TotalMilliseconds:0.0} {cpu.TotalMilliseconds:0.0}");
return 0;
