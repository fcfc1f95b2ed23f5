using System.Net;
using System.Net.Sockets;
using Sotp.Core.Observability;

namespace Sotp.Collectors.Icmp;

/// <summary>
/// SOTP's ping: async echo requests over one ICMP socket per address family, thousands in flight at once.
/// Uses a raw socket with CAP_NET_RAW, else an unprivileged ICMP datagram socket; never runs /bin/ping.
/// </summary>
public sealed class IcmpPinger : IAsyncDisposable
{
    private readonly Lazy<IcmpEndpoint?> _v4;
    private readonly Lazy<IcmpEndpoint?> _v6;
    private string? _v4Problem;
    private string? _v6Problem;

    public IcmpPinger()
    {
        _v4 = new(() => IcmpEndpoint.Open(AddressFamily.InterNetwork, Counters, out _v4Problem));
        _v6 = new(() => IcmpEndpoint.Open(AddressFamily.InterNetworkV6, Counters, out _v6Problem));
    }

    public IcmpCounters Counters { get; } = new();

    public IcmpSocketKind KindFor(AddressFamily family) =>
        (family == AddressFamily.InterNetworkV6 ? _v6 : _v4).Value?.Kind ?? IcmpSocketKind.None;

    /// <summary>A plain-words account of what SOTP can ping with, for readiness and the UI.</summary>
    public string Explain()
    {
        var v4 = KindFor(AddressFamily.InterNetwork);
        var v6 = KindFor(AddressFamily.InterNetworkV6);
        if (v4 == IcmpSocketKind.None && v6 == IcmpSocketKind.None)
        {
            return "SOTP may not send ICMP echo requests, so no device can be pinged. Give the process CAP_NET_RAW, " +
                   $"or allow its group in the sysctl net.ipv4.ping_group_range. ({_v4Problem}; {_v6Problem})";
        }

        return $"IPv4 ping: {Describe(v4, _v4Problem)}; IPv6 ping: {Describe(v6, _v6Problem)}.";
    }

    /// <summary>Round-trip time in milliseconds, or null when no reply came within <paramref name="timeout"/>.</summary>
    public Task<double?> PingAsync(IPAddress target, TimeSpan timeout, CancellationToken cancellationToken)
    {
        if (target.IsIPv4MappedToIPv6)
        {
            target = target.MapToIPv4();
        }

        var endpoint = (target.AddressFamily == AddressFamily.InterNetworkV6 ? _v6 : _v4).Value
            ?? throw new IcmpNotPermittedException(Explain());
        var caller = System.Diagnostics.Activity.Current;
        var probe = SotpTelemetry.StartClient("icmp echo", target);
        if (probe is null)
        {
            return endpoint.PingAsync(target, timeout, cancellationToken);
        }

        // This method is not async, so the probe's span would stay current for the caller: a sweep's next probes
        // would all become its children. The caller gets its own context back; the span ends with the answer.
        System.Diagnostics.Activity.Current = caller;
        return TracedAsync(endpoint.PingAsync(target, timeout, cancellationToken), probe);
    }

    private static async Task<double?> TracedAsync(Task<double?> ping, System.Diagnostics.Activity probe)
    {
        using (probe)
        {
            var rtt = await ping;
            probe.SetTag("sotp.icmp.rtt_ms", rtt);
            if (rtt is null)
            {
                probe.Fail("no reply within the timeout");
            }

            return rtt;
        }
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var endpoint in new[] { _v4, _v6 })
        {
            if (endpoint.IsValueCreated && endpoint.Value is { } open)
            {
                await open.DisposeAsync();
            }
        }
    }

    private static string Describe(IcmpSocketKind kind, string? problem) => kind switch
    {
        IcmpSocketKind.Raw => "raw socket",
        IcmpSocketKind.Datagram => "unprivileged ICMP datagram socket",
        _ => $"not permitted ({problem})",
    };
}

/// <summary>Neither a raw nor a datagram ICMP socket may be opened by this process.</summary>
public sealed class IcmpNotPermittedException(string message) : InvalidOperationException(message);
