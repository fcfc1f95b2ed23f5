using System.Security.Cryptography;
using Sotp.Core.Configs;
using Sotp.Tests.Support;

namespace Sotp.Tests.Core.Configs;

/// <summary>
/// What a configuration becomes before it is stored: noise gone (so an unchanged device never looks changed), secrets
/// masked by a stable marker (so a changed secret shows without the secret), per platform, as the data file says.
/// Every secret is made up at run time and planted in configurations written the way each platform prints them.
/// </summary>
public sealed class ConfigRulesTests
{
    private static readonly ConfigRules Rules = ConfigRules.Load();
    private static readonly byte[] Key = RandomNumberGenerator.GetBytes(32);

    public static TheoryData<string, string, int> Samples => new()
    {
        {
            "cisco-ios", """
            Building configuration...

            Current configuration : 1843 bytes
            !
            ! Last configuration change at 10:02:11 UTC Mon Nov 2 2026 by admin
            ! NVRAM config last updated at 10:02:15 UTC Mon Nov 2 2026 by admin
            !
            hostname core-rtr1
            enable secret 9 {s0}
            username admin privilege 15 secret 9 {s1}
            ntp clock-period 17179869
            snmp-server community {s2} RO
            key chain OSPF
             key 1
              key-string 7 {s3}
            router bgp 65000
             neighbor 192.0.2.2 password 7 {s4}
            tacacs server T1
             key 7 {s5}
            line vty 0 4
             password 7 {s6}
            end
            """, 7
        },
        {
            "junos", """
            ## Last commit: 2026-11-02 10:02:11 UTC by admin
            set system host-name edge1
            set system root-authentication encrypted-password "{s0}"
            set system login user ops authentication encrypted-password "{s1}"
            set snmp community {s2} authorization read-only
            set protocols bgp group peers authentication-key "{s3}"
            """, 4
        },
        {
            "huawei-vrp", """
            !Software Version V200R019C10SPC800
            !Last configuration was updated at 2026-11-02 10:02:11+00:00
            sysname agg1
            aaa
             local-user admin password irreversible-cipher {s0}
            snmp-agent community read cipher {s1}
            return
            """, 2
        },
        {
            "frr", """
            Building configuration...

            Current configuration:
            !
            frr version 8.4.4
            hostname r1
            password {s0}
            enable password {s1}
            router bgp 65001
             neighbor 198.18.0.1 password {s2}
            !
            end
            """, 3
        },
        {
            "arista-eos", """
            ! Command: show running-config
            ! device: leaf1 (DCS-7050SX3-48YC8, EOS-4.30.1F)
            hostname leaf1
            username admin privilege 15 role network-admin secret sha512 {s0}
            snmp-server community {s1} ro
            """, 2
        },
    };

    [Theory]
    [MemberData(nameof(Samples))]
    public void Noise_is_dropped_and_every_secret_is_masked_by_a_marker_that_stays_the_same(string platform, string template, int secretCount)
    {
        var secrets = Enumerable.Range(0, secretCount).Select(_ => TestSecrets.NewPassword()).ToArray();
        var raw = Fill(template, secrets);

        var clean = Rules.Clean(platform, raw, Key);
        Assert.Equal(secretCount, clean.Secrets);
        Assert.All(secrets, s => Assert.DoesNotContain(s, clean.Text, StringComparison.Ordinal));
        Assert.All(secrets, s => Assert.Contains(ConfigRules.Marker(s, Key), clean.Text, StringComparison.Ordinal));
        Assert.DoesNotContain("Last configuration", clean.Text, StringComparison.Ordinal);
        Assert.DoesNotContain("Last commit", clean.Text, StringComparison.Ordinal);
        Assert.DoesNotContain("Current configuration", clean.Text, StringComparison.Ordinal);
        Assert.DoesNotContain("clock-period", clean.Text, StringComparison.Ordinal);

        // Printed again with other timestamps and Windows line ends: the same text, so no false change.
        var again = raw.Replace("10:02:11", "23:59:59", StringComparison.Ordinal).Replace("1843 bytes", "1851 bytes", StringComparison.Ordinal)
            .Replace("\n", "\r\n", StringComparison.Ordinal) + "\r\n\r\n";
        Assert.Equal(clean.Text, Rules.Clean(platform, again, Key).Text);

        // One secret changed: one line differs, and only by its marker.
        var changed = secrets.ToArray();
        changed[0] = TestSecrets.NewPassword();
        var lines = clean.Text.Split('\n');
        var otherLines = Rules.Clean(platform, Fill(template, changed), Key).Text.Split('\n');
        Assert.Single(lines.Zip(otherLines), p => p.First != p.Second);
    }

    [Fact]
    public void A_platform_without_rules_of_its_own_is_masked_by_every_platforms_secret_rules()
    {
        var secret = TestSecrets.NewPassword();
        var clean = Rules.Clean("some-new-os", $"hostname x\nsnmp-server community {secret} RO\n", Key);
        Assert.DoesNotContain(secret, clean.Text, StringComparison.Ordinal);
        Assert.Equal("show running-config", Rules.For("some-new-os").Command);
        Assert.Equal("show configuration | display set", Rules.For("junos").Command);
        Assert.Equal("display current-configuration", Rules.For("huawei-vrp").Command);
    }

    [Fact]
    public void Another_installations_key_gives_other_markers()
    {
        var secret = TestSecrets.NewPassword();
        Assert.NotEqual(ConfigRules.Marker(secret, Key), ConfigRules.Marker(secret, RandomNumberGenerator.GetBytes(32)));
        Assert.Matches("^<secret:[0-9a-f]{8}>$", ConfigRules.Marker(secret, Key));
    }

    private static string Fill(string template, string[] secrets)
    {
        for (var i = 0; i < secrets.Length; i++)
        {
            template = template.Replace($"{{s{i}}}", secrets[i], StringComparison.Ordinal);
        }

        return template;
    }
}
