using System.Text;
using Sotp.Collectors.Syslog;
using Sotp.Core.Events;
using Sotp.Tests.Support;

namespace Sotp.Tests.Collectors.Syslog;

/// <summary>
/// The test corpus (corpus.log: lines as Cisco, Junos, Arista, FRR, Linux and Huawei devices send them) read, classified
/// and explained the way the receiver does it: every line parses, and at least 90 % are explained.
/// </summary>
public sealed class SyslogCorpusTests(ITestOutputHelper output)
{
    private static readonly DateTimeOffset Received = new(2026, 11, 29, 10, 30, 0, TimeSpan.Zero);

    private static IEnumerable<(string Platform, string Line)> Corpus()
    {
        var platform = "";
        foreach (var line in File.ReadLines(RepositoryFiles.Path("Sotp.Tests", "Collectors", "Syslog", "corpus.log")))
        {
            if (line.StartsWith("## ", StringComparison.Ordinal))
            {
                platform = line[3..].Trim();
            }
            else if (line.Length > 0 && !line.StartsWith('#'))
            {
                yield return (platform, line);
            }
        }
    }

    [Theory]
    [InlineData("<29>1 2026-11-29T16:29:34.28+00:00 r1 zebra 27468 - -  [M7Q4P-46WDR] vty[26]@(config-if)# shutdown", "M7Q4P-46WDR", "frr/vty/shutdown")]
    [InlineData("<29>1 2026-11-29T16:29:34.27+00:00 r1 zebra 27468 - -  [M7Q4P-46WDR] vty[26]@(config)# interface eth1", "M7Q4P-46WDR", "frr/vty/config-command")]
    [InlineData("<29>1 2026-11-29T16:29:34.27+00:00 r1 zebra 27468 - -  [M7Q4P-46WDR] vty[26]@(config-if)# exit", "M7Q4P-46WDR", "frr/vty/command")]
    [InlineData("<29>1 2026-11-29T16:29:34.26+00:00 r1 zebra 27468 - -  [M7Q4P-46WDR] vty[26]@# configure terminal", "M7Q4P-46WDR", "frr/vty/command")]
    [InlineData("<29>1 2026-11-29T09:59:59.43+00:00 r1 bgpd 1234 - -  [M59KS-A3ZXZ] %ADJCHANGE: neighbor 192.0.2.1(Unknown) in vrf default Down Peer closed the session", "ADJCHANGE", "frr/ADJCHANGE/down")]
    [InlineData("<27>1 2026-11-29T10:01:30.00+00:00 r1 bgpd 1234 - -  %NOTIFICATION(Hard Reset): received from neighbor 192.0.2.1 6/2 (Cease/Administrative Shutdown) 0 bytes", "NOTIFICATION", "frr/NOTIFICATION")]
    [InlineData("<27>1 2026-11-29T10:02:00.00+00:00 r1 bgpd 1234 - -  %MAXPFXEXCEED: No. of IPv4 Unicast prefix received from 192.0.2.1 101 exceed, limit 100", "MAXPFXEXCEED", "frr/MAXPFXEXCEED")]
    [InlineData("<27>1 2026-11-29T10:04:00.00+00:00 r1 watchfrr 1200 - -  [QDG3Y-BY5TN] bgpd state -> down : read returned EOF", "QDG3Y-BY5TN", "frr/watchfrr/state")]
    public void Frr_lines_are_keyed_by_their_code_else_their_message_id(string line, string code, string entry)
    {
        var message = SyslogParser.Parse(Encoding.UTF8.GetBytes(line), Received, out _)!;
        var classified = SyslogDialect.Classify(message, null);
        Assert.Equal(("frr", code), classified);
        Assert.Equal(entry, EventCatalogue.Load().Match(classified.Vendor, classified.Code, message.AppName, message.Text)?.Entry.Id);
    }

    [Fact]
    public void At_least_nine_in_ten_lines_from_known_vendors_are_explained()
    {
        var catalogue = EventCatalogue.Load();
        var lines = Corpus().ToList();
        var unexplained = new List<string>();
        foreach (var (platform, line) in lines)
        {
            var message = SyslogParser.Parse(Encoding.UTF8.GetBytes(line), Received, out var problem);
            Assert.True(message is not null, $"not parsed ({problem}): {line}");
            var (vendor, code) = SyslogDialect.Classify(message!, platform);
            var match = catalogue.Match(vendor, code, message!.AppName, message.Text);
            if (match is null)
            {
                unexplained.Add($"{platform} {vendor}/{code ?? message.AppName}: {line}");
            }
            else
            {
                var explained = catalogue.Explain(new DeviceEvent { CatalogueId = match.Value.Entry.Id, Fields = match.Value.Fields, Text = message.Text });
                Assert.DoesNotContain("{", explained.Title, StringComparison.Ordinal);
                Assert.DoesNotContain("?", explained.Title.Replace("?)", "", StringComparison.Ordinal), StringComparison.Ordinal);
            }
        }

        foreach (var miss in unexplained)
        {
            output.WriteLine(miss);
        }

        var share = 1 - ((double)unexplained.Count / lines.Count);
        output.WriteLine($"{lines.Count - unexplained.Count} of {lines.Count} explained ({share:P1})");
        Assert.True(share >= 0.9, $"{share:P1} explained; not explained:\n{string.Join('\n', unexplained)}");
        Assert.True(lines.Count >= 150, $"{lines.Count} lines in the corpus");
    }
}
