namespace Sotp.Core.RemoteConsole;

/// <summary>The commands an engineer reaches for first, per platform; all pass <see cref="CommandPolicy"/> for it.</summary>
public static class QuickCommands
{
    private static readonly Dictionary<string, string[]> ByPlatform = new(StringComparer.OrdinalIgnoreCase)
    {
        ["cisco-ios"] = ["show version", "show interfaces status", "show ip interface brief", "show running-config", "show logging", "show cdp neighbors"],
        ["cisco-iosxe"] = ["show version", "show interfaces status", "show ip interface brief", "show running-config", "show logging", "show cdp neighbors"],
        ["cisco-nxos"] = ["show version", "show interface status", "show ip interface brief vrf all", "show running-config", "show logging last 50"],
        ["arista-eos"] = ["show version", "show interfaces status", "show ip interface brief", "show running-config", "show logging last 50"],
        ["junos"] = ["show version", "show interfaces terse", "show route summary", "show configuration | display set", "show log messages | last 50"],
        ["frr"] = ["show version", "show interface brief", "show ip route", "show running-config", "show ip bgp summary"],
        ["huawei-vrp"] = ["display version", "display interface brief", "display ip interface brief", "display current-configuration", "display logbuffer"],
        ["h3c-comware"] = ["display version", "display interface brief", "display ip interface brief", "display current-configuration", "display logbuffer"],
    };

    private static readonly string[] Fallback = ["show version", "show interfaces", "show running-config"];

    public static IReadOnlyList<string> For(string? platform) =>
        platform is not null && ByPlatform.TryGetValue(platform, out var commands) ? commands : Fallback;
}
