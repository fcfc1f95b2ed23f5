using System.ComponentModel.DataAnnotations;

namespace Sotp.Collectors.Syslog;

/// <summary>The syslog receiver (<c>Sotp:Syslog</c>). A port left empty is not listened on; 0 takes any free port.</summary>
public sealed class SyslogOptions
{
    public const string SectionName = "Sotp:Syslog";

    /// <summary>The address the receiver listens on: all IPv4 addresses by default.</summary>
    public string BindAddress { get; set; } = "0.0.0.0";

    /// <summary>UDP (RFC 5426). 514 needs privileges; the chart maps 514 to this port.</summary>
    [Range(0, 65535)]
    public int? UdpPort { get; set; } = 5514;

    /// <summary>TCP with octet counting or newline framing (RFC 6587).</summary>
    [Range(0, 65535)]
    public int? TcpPort { get; set; } = 5514;

    /// <summary>TLS (RFC 5425); listened on only when <see cref="TlsCertificatePath"/> is set.</summary>
    [Range(0, 65535)]
    public int? TlsPort { get; set; } = 6514;

    /// <summary>The server certificate, PEM (a mounted secret, as cert-manager or Vault write it).</summary>
    public string? TlsCertificatePath { get; set; }

    /// <summary>Its private key, PEM; may be in <see cref="TlsCertificatePath"/>'s file instead.</summary>
    public string? TlsKeyPath { get; set; }

    /// <summary>The longest message accepted; longer ones are refused and counted (TCP: the connection is closed).</summary>
    [Range(480, 1_048_576)]
    public int MaxMessageBytes { get; set; } = 65_536;

    /// <summary>TCP and TLS connections open at once; more are refused and counted.</summary>
    [Range(1, 100_000)]
    public int MaxConnections { get; set; } = 1000;

    /// <summary>A connection that sends nothing this long is closed (a sender reconnects when it has something).</summary>
    [Range(5, 86_400)]
    public int IdleTimeoutSeconds { get; set; } = 600;

    /// <summary>A message begun must end within this time, or the connection is closed (slow senders hold no memory).</summary>
    [Range(1, 3600)]
    public int FrameTimeoutSeconds { get; set; } = 30;

    /// <summary>Messages received and not yet handled; past it the oldest are dropped, counted and shown.</summary>
    [Range(1000, 10_000_000)]
    public int QueueCapacity { get; set; } = 100_000;

    /// <summary>Other names devices use in their messages, each to a device's name: <c>"core-rtr1.example.net": "core-rtr1"</c>.</summary>
    public Dictionary<string, string> Aliases { get; set; } = new(StringComparer.OrdinalIgnoreCase);
}
