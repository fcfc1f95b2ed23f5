using System.Net;
using Sotp.Collectors.Addressing;

namespace Sotp.Tests.Support;

/// <summary>
/// Stands in for DNS, which tests must never ask about real names: resolves only the names it was given.
/// </summary>
public sealed class FakeHostResolver : IHostResolver
{
    private readonly Dictionary<string, IPAddress[]> _names = new(StringComparer.OrdinalIgnoreCase)
    {
        ["router1.lab.test"] = [IPAddress.Parse("127.0.20.1")],
    };

    public Task<IPAddress[]> ResolveAsync(string host, CancellationToken cancellationToken) =>
        Task.FromResult(_names.TryGetValue(host, out var addresses) ? addresses : []);
}
