using System.Net;
using System.Net.Sockets;
using Sotp.Core.Devices;

namespace Sotp.Collectors.Addressing;

/// <summary>
/// Refuses management addresses SOTP could never reach: DNS names that do not resolve, and addresses the
/// kernel has no route to (asked with a UDP connect, which sends nothing).
/// </summary>
public sealed class DeviceAddressVerifier(IHostResolver resolver) : IDeviceAddressVerifier
{
    public async Task<string?> VerifyAsync(string address, CancellationToken cancellationToken)
    {
        IPAddress ip;
        if (!IPAddress.TryParse(address, out ip!))
        {
            var resolved = await resolver.ResolveAsync(address, cancellationToken);
            if (resolved.Length == 0)
            {
                return $"The DNS name {address} does not resolve.";
            }

            ip = resolved[0];
        }

        return RouteProblem(ip);
    }

    /// <summary>Null when the kernel has a route to <paramref name="ip"/>.</summary>
    public static string? RouteProblem(IPAddress ip)
    {
        if (ip.Equals(IPAddress.Any) || ip.Equals(IPAddress.IPv6Any) || ip.Equals(IPAddress.Broadcast) ||
            ip.IsIPv6Multicast || (ip.AddressFamily == AddressFamily.InterNetwork && ip.GetAddressBytes()[0] >= 224))
        {
            return $"{ip} is not a host address.";
        }

        try
        {
            using var socket = new Socket(ip.AddressFamily, SocketType.Dgram, ProtocolType.Udp);
            socket.Connect(new IPEndPoint(ip, 9));
            return null;
        }
        catch (SocketException ex)
        {
            return $"This machine has no route to {ip} ({ex.SocketErrorCode}).";
        }
    }
}
