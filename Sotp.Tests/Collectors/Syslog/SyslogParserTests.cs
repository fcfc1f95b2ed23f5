using System.Text;
using Sotp.Collectors.Syslog;
using Sotp.Core.Events;

namespace Sotp.Tests.Collectors.Syslog;

/// <summary>Lines as the devices send them (formats from vendors' documentation and captures), taken apart.</summary>
public sealed class SyslogParserTests
{
    private static readonly DateTimeOffset Received = new(2026, 11, 29, 10, 0, 5, TimeSpan.Zero);

    private static SyslogMessage Parse(string line, DateTimeOffset? received = null)
    {
        var message = SyslogParser.Parse(Encoding.UTF8.GetBytes(line), received ?? Received, out var problem);
        Assert.True(message is not null, $"refused ({problem}): {line}");
        return message!;
    }

    [Fact]
    public void Cisco_ios_with_sequence_number_unsynced_clock_and_milliseconds()
    {
        var m = Parse("<189>42: *Mar  1 00:10:38.147: %LINEPROTO-5-UPDOWN: Line protocol on Interface FastEthernet0/1, changed state to down");
        Assert.Equal((SyslogFormat.Rfc3164, 23, EventSeverity.Notice), (m.Format, m.Facility, m.Severity));
        Assert.Equal(42, m.Sequence);
        Assert.True(m.ClockUnsynced);
        Assert.Equal(new DateTimeOffset(2026, 3, 1, 0, 10, 38, 147, TimeSpan.Zero), m.Timestamp);
        Assert.Null(m.HostName);
        Assert.Null(m.AppName);
        Assert.Equal("%LINEPROTO-5-UPDOWN: Line protocol on Interface FastEthernet0/1, changed state to down", m.Text);
    }

    [Fact]
    public void Cisco_ios_xe_with_zone_and_a_clock_that_lost_sync()
    {
        var m = Parse("<187>1234: .Nov 29 09:59:58.123 UTC: %LINK-3-UPDOWN: Interface GigabitEthernet0/0/1, changed state to down");
        Assert.Equal(EventSeverity.Error, m.Severity);
        Assert.True(m.ClockUnsynced);
        Assert.Equal(new DateTimeOffset(2026, 11, 29, 9, 59, 58, 123, TimeSpan.Zero), m.Timestamp);
        Assert.StartsWith("%LINK-3-UPDOWN:", m.Text, StringComparison.Ordinal);
    }

    [Fact]
    public void Cisco_with_origin_id_host_name_and_year()
    {
        var m = Parse("<190>77: core-rtr1: Nov 29 2026 09:59:59.001 UTC: %SYS-6-LOGGINGHOST_STARTSTOP: Logging to host 192.0.2.10 port 514 started - CLI initiated");
        Assert.Equal(("core-rtr1", 77L), (m.HostName, m.Sequence));
        Assert.False(m.ClockUnsynced);
        Assert.Equal(2026, m.Timestamp!.Value.Year);
    }

    [Fact]
    public void Cisco_ios_xr_facility_subfacility_severity_mnemonic()
    {
        var m = Parse("<187>2031: RP/0/RSP0/CPU0:Nov 29 09:59:59.812 UTC: ifmgr[227]: %PKT_INFRA-LINK-3-UPDOWN : Interface GigabitEthernet0/0/0/1, changed state to Down");
        Assert.Equal(2031, m.Sequence);
        Assert.Equal(new DateTimeOffset(2026, 11, 29, 9, 59, 59, 812, TimeSpan.Zero), m.Timestamp);
        Assert.Equal(("ifmgr", "227"), (m.AppName, m.ProcId));
        Assert.StartsWith("%PKT_INFRA-LINK-3-UPDOWN :", m.Text, StringComparison.Ordinal);
    }

    [Fact]
    public void Nx_os_with_leading_year_and_no_sequence()
    {
        var m = Parse("<189>: 2026 Nov 29 09:59:59 UTC: %ETHPORT-5-IF_DOWN_LINK_FAILURE: Interface Ethernet1/1 is down (Link failure)");
        Assert.Null(m.Sequence);
        Assert.Equal(new DateTimeOffset(2026, 11, 29, 9, 59, 59, TimeSpan.Zero), m.Timestamp);
        Assert.StartsWith("%ETHPORT-5-IF_DOWN_LINK_FAILURE:", m.Text, StringComparison.Ordinal);
    }

    [Fact]
    public void Junos_rfc5424_with_structured_data()
    {
        var m = Parse("<28>1 2026-11-29T09:59:59.123Z mx1 mib2d 2345 SNMP_TRAP_LINK_DOWN [junos@2636.1.1.1.2.21 snmp-interface-index=\"516\" admin-status=\"up(1)\" operational-status=\"down(2)\" interface-name=\"ge-0/0/1\"] ifIndex 516, ifAdminStatus up(1), ifOperStatus down(2), ifName ge-0/0/1");
        Assert.Equal((SyslogFormat.Rfc5424, 3, EventSeverity.Warning), (m.Format, m.Facility, m.Severity));
        Assert.Equal(("mx1", "mib2d", "2345", "SNMP_TRAP_LINK_DOWN"), (m.HostName, m.AppName, m.ProcId, m.MsgId));
        var element = Assert.Single(m.StructuredData);
        Assert.Equal("junos@2636.1.1.1.2.21", element.Id);
        Assert.Contains(new KeyValuePair<string, string>("interface-name", "ge-0/0/1"), element.Parameters);
        Assert.Equal("ifIndex 516, ifAdminStatus up(1), ifOperStatus down(2), ifName ge-0/0/1", m.Text);
    }

    [Fact]
    public void Junos_bsd_format_with_tag_and_process_id()
    {
        var m = Parse("<28>Nov 29 09:59:59 mx1 rpd[1834]: BGP_NEIGHBOR_STATE_CHANGED: BGP peer 192.0.2.1 (External AS 64501) changed state from Established to Idle (event RecvNotify) (instance master)");
        Assert.Equal(("mx1", "rpd", "1834"), (m.HostName, m.AppName, m.ProcId));
        Assert.StartsWith("BGP_NEIGHBOR_STATE_CHANGED: BGP peer", m.Text, StringComparison.Ordinal);
    }

    [Fact]
    public void Arista_eos_agent_tag()
    {
        var m = Parse("<189>Nov 29 09:59:59 leaf1 Ebra: %LINEPROTO-5-UPDOWN: Line protocol on Interface Ethernet1, changed state to down");
        Assert.Equal(("leaf1", "Ebra"), (m.HostName, m.AppName));
        Assert.Null(m.ProcId);
        Assert.StartsWith("%LINEPROTO-5-UPDOWN:", m.Text, StringComparison.Ordinal);
    }

    [Fact]
    public void Huawei_vrp_with_trailing_year_and_double_percent()
    {
        var m = Parse("<187>Nov 29 2026 09:59:59 HUAWEI %%01IFNET/4/LINK_STATE(l)[0]:The line protocol IP on the interface GigabitEthernet0/0/1 has entered the DOWN state.");
        Assert.Equal("HUAWEI", m.HostName);
        Assert.Equal(new DateTimeOffset(2026, 11, 29, 9, 59, 59, TimeSpan.Zero), m.Timestamp);
        Assert.StartsWith("%%01IFNET/4/LINK_STATE(l)[0]:", m.Text, StringComparison.Ordinal);
    }

    [Fact]
    public void Huawei_with_numeric_offset()
    {
        var m = Parse("<189>Nov 29 2026 17:59:59+08:00 agg-sw1 %%01SHELL/5/CMDRECORD(s)[1]:Recorded command information. (Task=VT0, Ip=192.0.2.7, User=admin, Command=\"display version\")");
        Assert.Equal(new DateTimeOffset(2026, 11, 29, 9, 59, 59, TimeSpan.Zero), m.Timestamp);
        Assert.Equal("agg-sw1", m.HostName);
    }

    [Fact]
    public void Frr_through_rsyslog_in_rfc5424()
    {
        var m = Parse("<29>1 2026-11-29T09:59:59.436817+00:00 r1 bgpd 1234 - -  %ADJCHANGE: neighbor 198.18.0.1(Unknown) in vrf default Down Interface down");
        Assert.Equal(("r1", "bgpd", "1234"), (m.HostName, m.AppName, m.ProcId));
        Assert.Null(m.MsgId);
        Assert.Empty(m.StructuredData);
        Assert.Equal(" %ADJCHANGE: neighbor 198.18.0.1(Unknown) in vrf default Down Interface down", m.Text);
    }

    [Fact]
    public void Linux_program_with_pid()
    {
        var m = Parse("<38>Nov 29 09:59:59 bastion sshd[4242]: Failed password for invalid user admin from 192.0.2.5 port 51234 ssh2");
        Assert.Equal((4, EventSeverity.Informational), (m.Facility, m.Severity));
        Assert.Equal(("bastion", "sshd", "4242"), (m.HostName, m.AppName, m.ProcId));
        Assert.Equal("Failed password for invalid user admin from 192.0.2.5 port 51234 ssh2", m.Text);
    }

    [Fact]
    public void Rfc3339_stamp_in_a_bsd_line()
    {
        var m = Parse("<30>2026-11-29T10:59:59.5+01:00 web1 systemd[1]: Started Daily apt upgrade and clean activities.");
        Assert.Equal(new DateTimeOffset(2026, 11, 29, 9, 59, 59, 500, TimeSpan.Zero), m.Timestamp);
        Assert.Equal(("web1", "systemd"), (m.HostName, m.AppName));
    }

    [Fact]
    public void Only_priority_and_text()
    {
        var m = Parse("<13>the UPS is on battery");
        Assert.Equal((SyslogFormat.Bare, 1, EventSeverity.Notice), (m.Format, m.Facility, m.Severity));
        Assert.Null(m.Timestamp);
        Assert.Null(m.HostName);
        Assert.Equal("the UPS is on battery", m.Text);
    }

    [Fact]
    public void Missing_host_name_before_a_tag()
    {
        var m = Parse("<86>Nov 29 09:59:59 sudo: alice : TTY=pts/0 ; PWD=/home/alice ; USER=root ; COMMAND=/usr/bin/systemctl restart frr");
        Assert.Null(m.HostName);
        Assert.Equal("sudo", m.AppName);
        Assert.StartsWith("alice : TTY=pts/0", m.Text, StringComparison.Ordinal);
    }

    [Fact]
    public void A_first_word_of_text_where_the_host_name_would_be_stays_text()
    {
        var m = Parse("<13>Nov 29 09:59:59 Connection closed by remote host");
        Assert.Null(m.HostName);
        Assert.Null(m.AppName);
        Assert.Equal("Connection closed by remote host", m.Text);
    }

    [Fact]
    public void An_empty_tag_as_logger_writes_it()
    {
        var m = Parse("<187>Nov 29 09:59:59 vm : %LINK-3-UPDOWN: Interface GigabitEthernet0/7, changed state to down");
        Assert.Equal("vm", m.HostName);
        Assert.Null(m.AppName);
        Assert.StartsWith("%LINK-3-UPDOWN:", m.Text, StringComparison.Ordinal);
    }

    [Fact]
    public void An_address_as_host_name()
    {
        var m = Parse("<14>Nov 29 09:59:59 192.0.2.44 power supply 2 failed");
        Assert.Equal("192.0.2.44", m.HostName);
        Assert.Equal("power supply 2 failed", m.Text);
    }

    [Fact]
    public void Rfc5424_nil_values_bom_and_escaped_structured_data()
    {
        var line = "<165>1 - - - - ID47 [exampleSDID@32473 iut=\"3\" eventSource=\"Appli\\\"cation\\]\" eventID=\"1011\"][examplePriority@32473 class=\"high\"] "u8.ToArray()
            .Concat(new byte[] { 0xEF, 0xBB, 0xBF }).Concat("An application event log entry"u8.ToArray()).ToArray();
        var m = SyslogParser.Parse(line, Received, out _)!;
        Assert.Null(m.Timestamp);
        Assert.Null(m.HostName);
        Assert.Equal("ID47", m.MsgId);
        Assert.Equal(2, m.StructuredData.Count);
        Assert.Contains(new KeyValuePair<string, string>("eventSource", "Appli\"cation]"), m.StructuredData[0].Parameters);
        Assert.Equal("An application event log entry", m.Text);
        Assert.Equal(line, m.Raw);
    }

    [Fact]
    public void A_december_line_read_in_january_belongs_to_last_year()
    {
        var m = Parse("<13>Dec 31 23:59:59 host1 app: year end", new DateTimeOffset(2027, 1, 1, 0, 0, 3, TimeSpan.Zero));
        Assert.Equal(new DateTimeOffset(2026, 12, 31, 23, 59, 59, TimeSpan.Zero), m.Timestamp);
    }

    [Fact]
    public void Invalid_utf8_and_control_characters_are_kept_as_text()
    {
        byte[] line = [.. "<13>Nov 29 09:59:59 h1 app: bad "u8, 0xFF, 0xFE, .. " bytes\x01\x1b[31m"u8];
        var m = SyslogParser.Parse(line, Received, out _)!;
        Assert.Contains('\uFFFD', m.Text);
        Assert.Contains('\x1b', m.Text);
        Assert.Equal(line, m.Raw);
    }

    [Theory]
    [InlineData("", "Empty")]
    [InlineData("\r\n", "Empty")]
    [InlineData("no priority at all", "NoPriority")]
    [InlineData("<>text", "BadPriority")]
    [InlineData("<192>too high", "BadPriority")]
    [InlineData("<013>leading zero", "BadPriority")]
    [InlineData("<1a>letters", "BadPriority")]
    [InlineData("<99999999>long", "BadPriority")]
    [InlineData("<13>1 2026-11-29T09:59:59Z host", "TruncatedHeader")]
    [InlineData("<13>1 yesterday host app - - - text", "BadTimestamp")]
    public void Refused_with_a_reason(string line, string reason)
    {
        Assert.Null(SyslogParser.Parse(Encoding.UTF8.GetBytes(line), Received, out var problem));
        Assert.Equal(reason, problem);
    }

    [Theory]
    [InlineData("<13>Feb 30 10:00:00 host app: impossible date")]
    [InlineData("<13>0000 Nov 29 10:00:00 UTC: year zero")]
    [InlineData("<13>Nov 29 2026 10:00:00+99:00 host app: offset out of range")]
    [InlineData("<13>Nov 29 29:61:61 host app: no such time")]
    public void Impossible_times_leave_the_time_out_but_keep_the_message(string line)
    {
        var m = SyslogParser.Parse(Encoding.UTF8.GetBytes(line), Received, out _);
        Assert.NotNull(m);
        Assert.Null(m.Timestamp);
    }
}
