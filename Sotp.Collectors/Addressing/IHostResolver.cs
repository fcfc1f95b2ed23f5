using System.Net;
using System.Net.Sockets;

namespace Sotp.Collectors.Addressing;

/// <summary>Turns a device's management address into IP addresses. Injected, so tests never ask real DNS.</summary>
public interface IHostResolver
{
    Task<IPAddress[]> ResolveAsync(string host, CancellationToken cancellationToken);
}

/// <summary>The system resolver (what the kernel's resolver configuration says).</summary>
public sealed class DnsHostResolver : IHostResolver
{
    public async Task<IPAddress[]> ResolveAsync(string host, CancellationToken cancellationToken)
    {
        try
        {
            return await Dns.GetHostAddressesAsync(host, cancellationToken);
        }
        catch (SocketException)
        {
            return [];
        }
    }
}
