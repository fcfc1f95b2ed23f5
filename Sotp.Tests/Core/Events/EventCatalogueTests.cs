using System.Text.RegularExpressions;
using Sotp.Core.Events;

namespace Sotp.Tests.Core.Events;

/// <summary>The catalogue's data files: every entry loads, matches what it claims, and words only fields it reads.</summary>
public sealed partial class EventCatalogueTests
{
    private static readonly EventCatalogue Catalogue = EventCatalogue.Load();
    private static readonly string[] Vendors = ["cisco", "arista", "junos", "huawei", "frr", "linux", "snmp", "sotp"];

    [Fact]
    public void Every_entry_is_complete_and_names_a_known_vendor()
    {
        foreach (var entry in Catalogue.Entries)
        {
            Assert.True(entry.Id.Length > 0 && entry.Title.Length > 0 && entry.Meaning.Length > 0, $"{entry.Id} lacks an id, title or meaning");
            Assert.True(entry.Vendors.Count > 0 && entry.Vendors.All(Vendors.Contains), $"{entry.Id}: vendors {string.Join(",", entry.Vendors)}");
            Assert.True(entry.Code is not null || entry.App is not null, $"{entry.Id} has neither code nor app");
            Assert.False(string.IsNullOrWhiteSpace(entry.Action), $"{entry.Id} says nothing to do");
        }
    }

    [Fact]
    public void Words_name_only_fields_the_pattern_reads()
    {
        foreach (var entry in Catalogue.Entries)
        {
            var groups = entry.Pattern is null ? [] : new Regex(entry.Pattern).GetGroupNames().Where(n => !char.IsDigit(n[0])).ToHashSet();
            foreach (var text in new[] { entry.Title, entry.Meaning, entry.Cause, entry.Action })
            {
                foreach (Match placeholder in Placeholder().Matches(text ?? ""))
                {
                    Assert.True(groups.Contains(placeholder.Groups[1].Value), $"{entry.Id} names {{{placeholder.Groups[1].Value}}}, which its pattern does not read");
                }
            }
        }
    }

    [Fact]
    public void Holds_at_least_two_hundred_message_types_across_the_vendors()
    {
        Assert.True(Catalogue.Entries.Count >= 200, $"{Catalogue.Entries.Count} entries");
        foreach (var vendor in new[] { "cisco", "junos", "arista", "frr", "linux" })
        {
            Assert.Contains(Catalogue.Entries, e => e.Vendors.Contains(vendor));
        }
    }

    [Fact]
    public void A_match_reads_its_fields_and_the_explanation_fills_them_in()
    {
        var (entry, fields) = Catalogue.Match("cisco", "LINEPROTO-5-UPDOWN", null,
            "%LINEPROTO-5-UPDOWN: Line protocol on Interface GigabitEthernet0/1, changed state to down")!.Value;
        Assert.Equal("cisco/LINEPROTO-5-UPDOWN/down", entry.Id);
        Assert.Equal("GigabitEthernet0/1", fields["interface"]);
        var explained = Catalogue.Explain(new DeviceEvent { CatalogueId = entry.Id, Fields = fields, Text = "" });
        Assert.Equal("Line protocol down on GigabitEthernet0/1", explained.Title);
        Assert.NotNull(explained.Action);
    }

    [Fact]
    public void A_linux_program_on_a_router_is_explained_as_linux_and_unknown_messages_are_counted()
    {
        Assert.Equal("linux", Catalogue.Match("frr", null, "sshd", "Failed password for root from 192.0.2.5 port 4242 ssh2")!.Value.Entry.Vendors[0]);
        var before = Catalogue.Unknown.GetValueOrDefault(("cisco", "NOSUCH-5-THING"));
        Assert.Null(Catalogue.Match("cisco", "NOSUCH-5-THING", null, "%NOSUCH-5-THING: something"));
        Assert.Equal(before + 1, Catalogue.Unknown[("cisco", "NOSUCH-5-THING")]);
        var unexplained = Catalogue.Explain(new DeviceEvent { Code = "NOSUCH-5-THING", Text = "x" });
        Assert.Equal(("NOSUCH-5-THING", null), (unexplained.Title, unexplained.Meaning));
    }

    [GeneratedRegex(@"\{([A-Za-z][A-Za-z0-9_]*)\}")]
    private static partial Regex Placeholder();
}
