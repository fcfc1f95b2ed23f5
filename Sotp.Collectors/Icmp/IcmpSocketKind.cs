namespace Sotp.Collectors.Icmp;

/// <summary>Which kind of ICMP socket the kernel allowed SOTP to open.</summary>
public enum IcmpSocketKind
{
    /// <summary>Neither: SOTP cannot ping (see <see cref="IcmpPinger.Explain"/>).</summary>
    None,

    /// <summary>A raw socket (CAP_NET_RAW).</summary>
    Raw,

    /// <summary>An unprivileged ICMP datagram socket (Linux <c>net.ipv4.ping_group_range</c>).</summary>
    Datagram,
}
