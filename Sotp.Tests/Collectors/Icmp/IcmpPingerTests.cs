using System.Net;
using System.Net.Sockets;
using Sotp.Collectors.Icmp;
using Sotp.Tests.Support;

namespace Sotp.Tests.Collectors.Icmp;

[LabTest]
public sealed class IcmpPingerTests : IAsyncLifetime
{
    private readonly IcmpPinger _pinger = new();

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public ValueTask InitializeAsync() => ValueTask.CompletedTask;

    public ValueTask DisposeAsync() => _pinger.DisposeAsync();

    private void RequireIcmp() => LabRequirement.Require(
        _pinger.KindFor(AddressFamily.InterNetwork) != IcmpSocketKind.None, _pinger.Explain());

    [Fact]
    public async Task A_loopback_address_answers_with_a_small_rtt()
    {
        RequireIcmp();

        var rtt = await _pinger.PingAsync(IPAddress.Loopback, TimeSpan.FromSeconds(2), Ct);

        Assert.NotNull(rtt);
        Assert.InRange(rtt.Value, 0, 2000);
    }

    [Fact]
    public async Task Probes_fired_one_after_another_by_a_sampled_sweep_are_each_its_child_and_leave_its_context_alone()
    {
        RequireIcmp();
        var spans = new List<System.Diagnostics.Activity>();
        using var listener = new System.Diagnostics.ActivityListener
        {
            ShouldListenTo = s => s.Name == Sotp.Core.Observability.SotpTelemetry.SourceName,
            Sample = (ref System.Diagnostics.ActivityCreationOptions<System.Diagnostics.ActivityContext> _) => System.Diagnostics.ActivitySamplingResult.AllDataAndRecorded,
            ActivityStopped = a => { lock (spans) { spans.Add(a); } },
        };
        System.Diagnostics.ActivitySource.AddActivityListener(listener);

        // A sampled sweep fires its probes in a loop without awaiting each (as ProbeScheduler and the benchmarks do).
        using var sweep = Sotp.Core.Observability.SotpTelemetry.Source.StartActivity("sweep")!;
        var probes = new[] { IPAddress.Loopback, IPAddress.Parse("127.0.0.2"), IPAddress.Parse("127.0.0.3") }
            .Select(a => _pinger.PingAsync(a, TimeSpan.FromSeconds(2), Ct)).ToArray();
        Assert.Same(sweep, System.Diagnostics.Activity.Current);
        await Task.WhenAll(probes);

        var mine = spans.Where(s => s.OperationName == "icmp echo" && s.TraceId == sweep.TraceId).ToArray();
        Assert.Equal(3, mine.Length);
        Assert.All(mine, s => Assert.Equal(sweep.SpanId, s.ParentSpanId));
    }

    [Fact]
    public async Task IPv6_loopback_answers_too()
    {
        LabRequirement.Require(_pinger.KindFor(AddressFamily.InterNetworkV6) != IcmpSocketKind.None, _pinger.Explain());
        LabRequirement.Require(Socket.OSSupportsIPv6, "IPv6 is disabled on this machine");

        Assert.NotNull(await _pinger.PingAsync(IPAddress.IPv6Loopback, TimeSpan.FromSeconds(2), Ct));
    }

    [Fact]
    public async Task Many_probes_in_flight_on_one_socket_each_get_their_own_reply()
    {
        RequireIcmp();
        var targets = Enumerable.Range(1, 500).Select(i => IPAddress.Parse($"127.0.{60 + i / 250}.{i % 250 + 1}")).ToArray();

        var rtts = await Task.WhenAll(targets.Select(t => _pinger.PingAsync(t, TimeSpan.FromSeconds(3), Ct)));

        Assert.All(rtts, rtt => Assert.NotNull(rtt));
        Assert.Equal(0, _pinger.Counters.Lost);
    }

    [Fact]
    public async Task A_silent_host_times_out_without_holding_up_the_others()
    {
        RequireIcmp();
        SilentLoopbackHosts.Require();
        await using var silent = new SilentLoopbackHosts();
        await silent.SilenceAsync("127.0.77.50");

        var lost = _pinger.PingAsync(IPAddress.Parse("127.0.77.50"), TimeSpan.FromMilliseconds(800), Ct);
        var answered = _pinger.PingAsync(IPAddress.Parse("127.0.77.51"), TimeSpan.FromMilliseconds(800), Ct);

        Assert.NotNull(await answered);
        Assert.False(lost.IsCompleted, "the silent probe must still be waiting when its neighbour has answered");
        Assert.Null(await lost);
    }
}
