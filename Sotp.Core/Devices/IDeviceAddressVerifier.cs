namespace Sotp.Core.Devices;

/// <summary>
/// Checks that SOTP could reach a management address at all: that a DNS name resolves and that the kernel has
/// a route to the address. Implemented next to the probes (Collectors), used before a device is saved.
/// </summary>
public interface IDeviceAddressVerifier
{
    /// <summary>Null when the address is usable; otherwise the reason, in plain words.</summary>
    Task<string?> VerifyAsync(string address, CancellationToken cancellationToken);
}
