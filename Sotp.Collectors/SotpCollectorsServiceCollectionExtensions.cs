using Microsoft.Extensions.DependencyInjection;
using Sotp.Collectors.Addressing;
using Sotp.Collectors.Icmp;
using Sotp.Collectors.Scheduling;
using Sotp.Core.Devices;

namespace Sotp.Collectors;

/// <summary>Registers the protocol engines and the schedulers that drive them.</summary>
public static class SotpCollectorsServiceCollectionExtensions
{
    public static IServiceCollection AddSotpCollectors(this IServiceCollection services)
    {
        services.AddSingleton<IcmpPinger>();
        services.AddSingleton<IHostResolver, DnsHostResolver>();
        services.AddSingleton<IDeviceAddressVerifier, DeviceAddressVerifier>();
        services.AddSingleton<ProbeScheduler>();
        services.AddHostedService<ReachabilitySweeper>();
        return services;
    }
}
