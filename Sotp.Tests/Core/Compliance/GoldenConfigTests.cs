using Sotp.Core.Alerts;
using Sotp.Core.Compliance;
using Sotp.Core.Devices;

namespace Sotp.Tests.Core.Compliance;

/// <summary>
/// Golden-configuration rules against an IOS configuration as a router prints it: each kind passes and fails where an
/// engineer expects, with what was expected, what is there and what to type; abbreviations match their full forms;
/// prefixes never catch unrelated lines; the device's own values fill the rule; rules out of scope say why; and rules
/// that do not compile are refused with the line and column.
/// </summary>
public sealed class GoldenConfigTests
{
    private static readonly GoldenConfig Golden = new(ConfigNormalizer.Load());

    private const string Ios = """
        hostname core-rtr1
        !
        service password-encryption
        ip http server-side-include
        snmp-server location Paris-old
        !
        interface GigabitEthernet0/1
         description uplink
         no ip proxy-arp
         shutdown
        !
        interface GigabitEthernet0/2
         description access
        !
        line vty 0 4
         exec-timeout 10 0
         transport input ssh
        end
        """;

    private static readonly Device Router = new() { Id = 7, Name = "core-rtr1", Address = "192.0.2.7", Platform = "cisco-ios", Site = "Paris", Tags = ["core"] };

    private static RuleOutcome Check(RuleKind kind, string text, bool ordered = false, Device? device = null, List<string>? platforms = null,
        AlertScope? scope = null) =>
        Golden.Evaluate(new ComplianceRule { Name = "r", Kind = kind, Text = text, Ordered = ordered, Platforms = platforms ?? [], Scope = scope ?? new() },
            device ?? Router, ConfigTree.Parse(Ios, Golden.Normalizer));

    [Fact]
    public void Required_lines_use_the_devices_own_values_and_say_what_is_there_instead()
    {
        Assert.Equal(ComplianceState.Pass, Check(RuleKind.Required, "hostname {name}\nservice password-encryption").State);

        var site = Check(RuleKind.Required, "snmp-server location {site}");
        Assert.Equal((ComplianceState.Fail, "snmp-server location Paris"), (site.State, site.Expected));
        Assert.Equal("line 5: snmp-server location Paris-old", site.Actual);
        Assert.Equal("snmp-server location Paris", site.Remediation);

        var missing = Check(RuleKind.Required, "ntp server 192.0.2.123");
        Assert.Equal("Not in the configuration: ntp server 192.0.2.123", missing.Actual);
    }

    [Fact]
    public void Forbidden_lines_match_whole_lines_never_a_prefix_and_are_undone_in_their_section()
    {
        Assert.Equal(ComplianceState.Pass, Check(RuleKind.Forbidden, "ip http server").State); // not "ip http server-side-include"

        var shut = Check(RuleKind.Forbidden, " shut");
        Assert.Equal(ComplianceState.Fail, shut.State);
        Assert.Equal("line 10: shutdown", shut.Actual);
        Assert.Equal("interface GigabitEthernet0/1\n no shutdown", shut.Remediation);
    }

    [Theory]
    [InlineData("int gi0/1\n desc uplink\n no shut", ComplianceState.Fail)] // abbreviations, and "no shut" is not there
    [InlineData("int Gi0/1\n desc uplink\n no ip proxy-arp", ComplianceState.Pass)]
    [InlineData("interface GigabitEthernet0/9\n description spare", ComplianceState.Fail)]
    public void A_section_written_short_matches_the_configuration_written_long(string rule, ComplianceState state)
    {
        var outcome = Check(RuleKind.Section, rule);
        Assert.Equal(state, outcome.State);
        if (state == ComplianceState.Fail && rule.StartsWith("int gi", StringComparison.Ordinal))
        {
            Assert.Equal("interface GigabitEthernet0/1\n no shut", outcome.Remediation);
            Assert.Contains(" shutdown", outcome.Actual, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void Ordered_children_must_keep_the_rules_order_and_unordered_ones_need_not()
    {
        const string section = "line vty 0 4\n transport input ssh\n exec-timeout 10 0";
        Assert.Equal(ComplianceState.Pass, Check(RuleKind.Section, section).State);
        var ordered = Check(RuleKind.Section, section, ordered: true);
        Assert.Equal(ComplianceState.Fail, ordered.State);
        Assert.Contains("another order", ordered.Actual, StringComparison.Ordinal);
        Assert.Equal("line vty 0 4\n transport input ssh\n exec-timeout 10 0", ordered.Remediation);
    }

    [Fact]
    public void A_section_pattern_checks_every_section_it_matches_and_concerns_nobody_without_one()
    {
        var every = Check(RuleKind.Section, "^interface GigabitEthernet\n no ip proxy-arp");
        Assert.Equal(ComplianceState.Fail, every.State);
        Assert.Equal("interface GigabitEthernet0/2\n no ip proxy-arp", every.Remediation); // Gi0/1 has it
        Assert.Equal(ComplianceState.NotApplicable, Check(RuleKind.Section, "^interface Tunnel\n keepalive 10").State);
    }

    [Fact]
    public void Regular_expressions_match_or_must_not_match_lines()
    {
        Assert.Equal(ComplianceState.Pass, Check(RuleKind.Match, @"^hostname \S+-rtr\d+$").State);
        var community = Check(RuleKind.NoMatch, @"^snmp-server location \S+-old$");
        Assert.Equal(("line 5: snmp-server location Paris-old", "no snmp-server location Paris-old"), (community.Actual, community.Remediation));
    }

    [Fact]
    public void Other_platforms_other_sites_and_missing_fields_are_not_applicable_with_the_reason()
    {
        Assert.Equal("For junos only; this device is cisco-ios.", Check(RuleKind.Required, "x", platforms: ["junos"]).Actual);
        Assert.Equal(ComplianceState.NotApplicable, Check(RuleKind.Required, "x", scope: new AlertScope { Sites = ["Lyon"] }).State);
        var noSite = Check(RuleKind.Required, "snmp-server location {site}", device: new Device { Name = "r2", Address = "192.0.2.8", Platform = "cisco-ios" });
        Assert.Equal((ComplianceState.NotApplicable, "The rule uses {site}, and the device has no site."), (noSite.State, noSite.Actual));
    }

    [Theory]
    [InlineData(RuleKind.Match, "^hostname (core", "Line 1, column 15: the regular expression does not compile")]
    [InlineData(RuleKind.Required, "hostname {name}\nsnmp-server contact {owner}", "Line 2, column 21: {owner} is not a device field")]
    [InlineData(RuleKind.Section, " exec-timeout 5 0", "Line 1: a section starts with its first line unindented")]
    [InlineData(RuleKind.Section, "line vty 0 4", "Line 2: a section needs at least one indented line")]
    [InlineData(RuleKind.Forbidden, "  \n ", "Write at least one line.")]
    public void A_rule_that_does_not_compile_is_refused_with_its_position(RuleKind kind, string text, string said)
    {
        var problem = Assert.Single(GoldenConfig.Check(kind, text));
        Assert.StartsWith(said, problem.Message, StringComparison.Ordinal);
    }
}
