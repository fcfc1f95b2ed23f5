using Sotp.Core.RemoteConsole;

namespace Sotp.Tests.Core.RemoteConsole;

public class CommandPolicyTests
{
    [Theory]
    [InlineData("show version")]
    [InlineData("sh run")]
    [InlineData("SHOW VER")]
    [InlineData("Sh Ip Int Br")]
    [InlineData("show ver | include Cisco")]
    [InlineData("show ver | i uptime")]
    [InlineData("show running-config | section interface")]
    [InlineData("show ver ; show clock")]
    [InlineData("show configuration | display set")]
    [InlineData("display current-configuration")]
    [InlineData("disp cur")]
    [InlineData("ping 192.0.2.1")]
    [InlineData("traceroute 192.0.2.1")]
    [InlineData("  show version  ")]
    public void Allows_read_only_commands(string line) =>
        Assert.True(CommandPolicy.Decide(line).Allowed, CommandPolicy.Decide(line).Reason);

    [Theory]
    [InlineData("show ver ; conf t", "configure")]
    [InlineData("conf t", "configure")]
    [InlineData("configure terminal", "configure")]
    [InlineData("reload", "reload")]
    [InlineData("wr mem", "write")]
    [InlineData("copy run start", "copy")]
    [InlineData("delete flash:config.text", "delete")]
    [InlineData("clear counters", "clear")]
    [InlineData("debug all", "debug")]
    [InlineData("s ver", "ambiguous")]
    [InlineData("dis cur", "ambiguous")]
    [InlineData("t 192.0.2.1", "ambiguous")]
    [InlineData("rm -rf /", "not allowed")]
    [InlineData("bash -i", "not a read-only command")]
    [InlineData("show run | redirect flash:x", "output filter")]
    [InlineData("show run | tee flash:x", "output filter")]
    [InlineData("show log | save /var/tmp/x", "output filter")]
    [InlineData("show ver | s", "output filter")]
    [InlineData("show ver && reload", "Shell syntax")]
    [InlineData("show ver > /tmp/x", "Shell syntax")]
    [InlineData("show `reload`", "Shell syntax")]
    [InlineData("show $(reload)", "Shell syntax")]
    [InlineData("show ver\nreload", "Control characters")]
    [InlineData("show ver\u001b[2J", "Control characters")]
    [InlineData("", "Type a command")]
    [InlineData("| include x", "starts with a word")]
    public void Refuses_everything_else_and_says_why(string line, string reason)
    {
        var decision = CommandPolicy.Decide(line);

        Assert.False(decision.Allowed);
        Assert.Contains(reason, decision.Reason, StringComparison.OrdinalIgnoreCase);
    }

    [Theory]
    [InlineData("dis cur", "huawei-vrp", true)]
    [InlineData("dis int brief", "h3c-comware", true)]
    [InlineData("disp cur", "huawei-vrp", true)]
    [InlineData("sys", "huawei-vrp", false)]
    [InlineData("undo shutdown", "huawei-vrp", false)]
    [InlineData("save", "huawei-vrp", false)]
    [InlineData("dis cur", "cisco-ios", false)]
    [InlineData("sh ver", "cisco-ios", true)]
    public void Abbreviations_resolve_among_the_platforms_own_verbs(string line, string platform, bool allowed) =>
        Assert.Equal(allowed, CommandPolicy.Decide(line, platform).Allowed);

    [Fact]
    public void Refuses_an_overlong_line() =>
        Assert.False(CommandPolicy.Decide("show " + new string('x', CommandPolicy.MaxLength)).Allowed);

    [Theory]
    [InlineData("cisco-ios")]
    [InlineData("junos")]
    [InlineData("frr")]
    [InlineData("huawei-vrp")]
    [InlineData("something-else")]
    [InlineData(null)]
    public void Every_quick_command_passes_the_allowlist(string? platform)
    {
        Assert.Contains(QuickCommands.For(platform), c => c.EndsWith(" version", StringComparison.Ordinal));
        Assert.All(QuickCommands.For(platform), c => Assert.True(CommandPolicy.Decide(c, platform).Allowed, c));
    }
}
