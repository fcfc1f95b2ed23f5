using System.Net;

namespace Sotp.Tests.Support;

/// <summary>
/// A test host of the test's own (LAB.md): a network namespace joined to this host by a veth pair on a /30 from
/// 198.18.0.0/15 (host .1, namespace .2), with a second interface eth1 to take down and up. Deleted on dispose,
/// with the guard route if it added it and no other lab is left.
/// </summary>
public sealed class LabNamespace : IAsyncDisposable
{
    private const string GuardRoute = "198.18.0.0/15";

    private readonly int _subnet = Random.Shared.Next(1, 16_000);
    private bool _created;
    private bool _addedGuard;

    private LabNamespace()
    {
    }

    public static string Ip { get; } = LabRequirement.FindExecutable("/usr/sbin/ip", "/sbin/ip", "/usr/bin/ip") ?? "ip";

    public string Name { get; } = $"sotp{Environment.ProcessId % 10000}{Random.Shared.Next(1000, 9999)}";

    public IPAddress HostAddress => Address(1);

    public IPAddress RouterAddress => Address(2);

    public static async Task<LabNamespace> CreateAsync()
    {
        var lab = new LabNamespace();
        try
        {
            await lab.SetUpAsync();
            return lab;
        }
        catch
        {
            await lab.DisposeAsync();
            throw;
        }
    }

    /// <summary>Runs a command inside the namespace.</summary>
    public Task<string> RunAsync(string file, params string[] arguments) =>
        LabProcess.RunAsync(Ip, ["netns", "exec", Name, file, .. arguments]);

    public Task SetLinkAsync(string device, bool up) => RunAsync(Ip, "link", "set", device, up ? "up" : "down");

    public async ValueTask DisposeAsync()
    {
        if (_created)
        {
            await LabProcess.RunAsync(Ip, ["netns", "del", Name]);
        }

        if (_addedGuard)
        {
            var left = await LabProcess.RunAsync(Ip, ["netns", "list"]);
            if (!left.Contains("sotp", StringComparison.Ordinal))
            {
                await LabProcess.RunAsync(Ip, ["route", "del", "unreachable", GuardRoute]);
            }
        }
    }

    private async Task SetUpAsync()
    {
        var routes = await LabProcess.RunAsync(Ip, ["route", "show", "type", "unreachable"]);
        if (!routes.Contains(GuardRoute, StringComparison.Ordinal))
        {
            await LabProcess.RunAsync(Ip, ["route", "replace", "unreachable", GuardRoute]);
            _addedGuard = true;
        }

        var hostSide = "v" + Name;
        await LabProcess.RunAsync(Ip, ["netns", "add", Name]);
        _created = true;
        await LabProcess.RunAsync(Ip, ["link", "add", hostSide, "type", "veth", "peer", "name", "eth0", "netns", Name]);
        await LabProcess.RunAsync(Ip, ["addr", "add", $"{HostAddress}/30", "dev", hostSide]);
        await LabProcess.RunAsync(Ip, ["link", "set", hostSide, "up"]);
        await RunAsync(Ip, "link", "set", "lo", "up");
        await RunAsync(Ip, "addr", "add", $"{RouterAddress}/30", "dev", "eth0");
        await RunAsync(Ip, "link", "set", "eth0", "up");
        await RunAsync(Ip, "link", "add", "eth1", "type", "veth", "peer", "name", "eth1p");
        await RunAsync(Ip, "link", "set", "eth1p", "up");
        await RunAsync(Ip, "link", "set", "eth1", "up");
    }

    private IPAddress Address(int host)
    {
        var value = (198u << 24) | (18u << 16) | (uint)(_subnet * 4) | (uint)host;
        return new IPAddress([(byte)(value >> 24), (byte)(value >> 16), (byte)(value >> 8), (byte)value]);
    }
}
