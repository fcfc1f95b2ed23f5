using System.Text.RegularExpressions;

namespace Sotp.Collectors.Syslog;

/// <summary>
/// Whose dialect a message is in and its message type, as each vendor names them: Cisco's and Arista's
/// <c>%FAC-SEV-MNEMONIC</c> (IOS XR's <c>%FAC-SUBFAC-SEV-MNEMONIC</c>), Huawei's <c>%%01FAC/SEV/MNEMONIC</c>,
/// Junos's <c>TAG:</c> (or its RFC 5424 MSGID), FRR's daemons (<c>%ADJCHANGE</c>, else the message's ID), and Linux programs by name.
/// </summary>
public static partial class SyslogDialect
{
    private static readonly HashSet<string> FrrDaemons =
        ["zebra", "bgpd", "ospfd", "ospf6d", "isisd", "ripd", "ripngd", "pimd", "pim6d", "bfdd", "ldpd", "staticd", "watchfrr", "vrrpd", "mgmtd", "vtysh", "frr"];

    /// <summary>
    /// The vendor (cisco, arista, huawei, junos, frr, linux; null when nothing tells) and the message type. The device's
    /// platform, when known, names the vendor of messages that carry no code of their own (a Junos daemon's, say).
    /// </summary>
    public static (string? Vendor, string? Code) Classify(SyslogMessage message, string? platform)
    {
        var vendor = VendorOf(platform);
        if (CiscoMnemonic().Match(message.Text) is { Success: true } cisco)
        {
            return (vendor == "arista" ? "arista" : "cisco", cisco.Groups["code"].Value);
        }

        if (HuaweiMnemonic().Match(message.Text) is { Success: true } huawei)
        {
            return ("huawei", $"{huawei.Groups["fac"].Value}/{huawei.Groups["sev"].Value}/{huawei.Groups["mn"].Value}");
        }

        if (vendor is null or "junos")
        {
            if (message.MsgId is { } msgId && JunosTag().IsMatch(msgId + ":"))
            {
                return ("junos", msgId);
            }

            if (JunosTag().Match(message.Text) is { Success: true } junos)
            {
                return ("junos", junos.Groups["code"].Value);
            }
        }

        if (message.AppName is { } app && (vendor == "frr" || FrrDaemons.Contains(app)))
        {
            var frr = FrrCode().Match(message.Text);
            return ("frr", frr.Groups["code"] is { Success: true } code ? code.Value : frr.Groups["id"] is { Success: true } id ? id.Value : null);
        }

        return (vendor ?? (message.AppName is null ? null : "linux"), null);
    }

    /// <summary>The catalogue's vendor for a device platform (<see cref="Core.Devices.DevicePlatforms"/>).</summary>
    public static string? VendorOf(string? platform) => platform switch
    {
        null or "generic" => null,
        _ when platform.StartsWith("cisco", StringComparison.Ordinal) => "cisco",
        _ when platform.StartsWith("arista", StringComparison.Ordinal) => "arista",
        _ when platform.StartsWith("huawei", StringComparison.Ordinal) => "huawei",
        "junos" or "frr" or "linux" => platform,
        _ => null,
    };

    [GeneratedRegex(@"^\s{0,4}%(?<code>[A-Z][A-Z0-9_]{0,31}(?:-[A-Z0-9_]{1,32})?-[0-7]-[A-Z0-9_]{1,48})\s?:")]
    private static partial Regex CiscoMnemonic();

    [GeneratedRegex(@"^\s{0,4}%%\d{2}(?<fac>[A-Z0-9_]{1,32})/(?<sev>[0-7])/(?<mn>[A-Z0-9_]{1,48})")]
    private static partial Regex HuaweiMnemonic();

    [GeneratedRegex(@"^(?<code>[A-Z][A-Z0-9]{1,15}_[A-Z0-9_]{1,63}):")]
    private static partial Regex JunosTag();

    // "[M7Q4P-46WDR] %ADJCHANGE: ..." or "[M7Q4P-46WDR] vty[26]@# ...": FRR (7.5 on) prefixes each line with the ID of its
    // message type (a hash of source file, function and format, stable across releases), some with a %CODE as well;
    // "%NOTIFICATION(Hard Reset):" carries a qualifier.
    [GeneratedRegex(@"^\s{0,4}(?:\[(?<id>[0-9A-Z]{5}-[0-9A-Z]{5})\]\s)?(?:%(?<code>[A-Z][A-Z0-9_]{1,47})(?:\([^)]{0,32}\))?:)?")]
    private static partial Regex FrrCode();
}
