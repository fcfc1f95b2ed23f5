using System.Net.Sockets;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Sotp.Collectors.Icmp;

namespace Sotp.Console.Hosting;

/// <summary>Degraded, with the reason in plain words, when the kernel lets SOTP open no ICMP socket.</summary>
public sealed class IcmpHealthCheck(IcmpPinger pinger) : IHealthCheck
{
    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken) =>
        Task.FromResult(pinger.KindFor(AddressFamily.InterNetwork) == IcmpSocketKind.None
            ? HealthCheckResult.Degraded(pinger.Explain())
            : HealthCheckResult.Healthy(pinger.Explain()));
}
