using System.Collections.Concurrent;
using System.Text;
using System.Text.RegularExpressions;
using YamlDotNet.Serialization;
using YamlDotNet.Serialization.NamingConventions;

namespace Sotp.Core.Events;

/// <summary>One message type the catalogue explains (docs/events.md: how to add one).</summary>
public sealed class CatalogueEntry
{
    /// <summary>Unique and stable: events name their entry by it.</summary>
    public string Id { get; set; } = "";

    /// <summary>Whose messages: cisco, arista, junos, huawei, frr, linux, snmp (traps), sotp (SOTP's own).</summary>
    public List<string> Vendors { get; set; } = [];

    /// <summary>The message type as the vendor names it (mnemonic, tag, trap name); or null to match by program.</summary>
    public string? Code { get; set; }

    /// <summary>The program (Linux and FRR messages without a code): sshd, kernel, sudo...</summary>
    public string? App { get; set; }

    /// <summary>A regular expression the text must match; its named groups become the event's fields.</summary>
    public string? Pattern { get; set; }

    /// <summary>How serious SOTP rates it; the device's own rating when left out.</summary>
    public EventSeverity? Severity { get; set; }

    /// <summary>A short title; <c>{field}</c> is replaced by the field's value.</summary>
    public string Title { get; set; } = "";

    /// <summary>What it means, in plain words.</summary>
    public string Meaning { get; set; } = "";

    /// <summary>What usually causes it.</summary>
    public string? Cause { get; set; }

    /// <summary>What to do.</summary>
    public string? Action { get; set; }

    /// <summary>The device reports a change of its configuration (remediation leaves such changes alone when told to).</summary>
    public bool ConfigChange { get; set; }

    internal Regex? Compiled { get; set; }
}

/// <summary>What the catalogue says about one event, its fields filled in.</summary>
public sealed record EventExplanation(string Title, string? Meaning, string? Cause, string? Action);

/// <summary>
/// The catalogue of message types SOTP explains: data files in <c>Sotp.Core/Events/Catalogue</c>, one per vendor,
/// read once. <see cref="Match"/> finds the entry for a message (by vendor and code, then by vendor and program, each
/// entry's pattern deciding) and reads its fields; <see cref="Explain"/> words an event from its entry. Messages no
/// entry knows are counted by vendor and code, so the catalogue grows where it is missing most.
/// </summary>
public sealed partial class EventCatalogue
{
    private const string Linux = "linux";
    // A guard against a pattern backtracking without end on a hostile message, not a budget: the clock runs while the
    // machine is busy too (a 50 ms limit let a plain LINK-3-UPDOWN go unexplained on a loaded CI runner).
    private static readonly TimeSpan PatternTimeout = TimeSpan.FromMilliseconds(500);

    private readonly Dictionary<string, CatalogueEntry> _byId;
    private readonly Dictionary<(string Vendor, string Key), List<CatalogueEntry>> _byCode = [];
    private readonly Dictionary<(string Vendor, string Key), List<CatalogueEntry>> _byApp = [];
    private readonly ConcurrentDictionary<(string? Vendor, string? Code), long> _unknown = new();

    public EventCatalogue(IEnumerable<CatalogueEntry> entries)
    {
        Entries = [.. entries];
        _byId = new Dictionary<string, CatalogueEntry>(StringComparer.Ordinal);
        foreach (var entry in Entries)
        {
            if (!_byId.TryAdd(entry.Id, entry))
            {
                throw new InvalidDataException($"Catalogue entry {entry.Id} is defined twice.");
            }

            entry.Compiled = entry.Pattern is null ? null
                : new Regex(entry.Pattern, RegexOptions.CultureInvariant | RegexOptions.ExplicitCapture | RegexOptions.Compiled, PatternTimeout);
            foreach (var vendor in entry.Vendors)
            {
                var index = entry.Code is not null ? _byCode : _byApp;
                var key = (vendor, entry.Code ?? entry.App ?? throw new InvalidDataException($"Catalogue entry {entry.Id} has neither a code nor an app."));
                if (!index.TryGetValue(key, out var list))
                {
                    index[key] = list = [];
                }

                list.Add(entry);
            }
        }
    }

    public IReadOnlyList<CatalogueEntry> Entries { get; }

    /// <summary>Messages no entry explained since the start, by vendor and code (code null: by program only).</summary>
    public IReadOnlyDictionary<(string? Vendor, string? Code), long> Unknown => _unknown;

    /// <summary>The catalogue in the repository's data files.</summary>
    public static EventCatalogue Load()
    {
        var yaml = new DeserializerBuilder().WithNamingConvention(CamelCaseNamingConvention.Instance)
            .WithEnumNamingConvention(LowerCaseNamingConvention.Instance).Build();
        var assembly = typeof(EventCatalogue).Assembly;
        var entries = new List<CatalogueEntry>();
        foreach (var name in assembly.GetManifestResourceNames().Where(n => n.StartsWith("Sotp.Core.Events.Catalogue.", StringComparison.Ordinal)).Order())
        {
            using var reader = new StreamReader(assembly.GetManifestResourceStream(name)!, Encoding.UTF8);
            entries.AddRange(yaml.Deserialize<List<CatalogueEntry>>(reader) ?? []);
        }

        return new EventCatalogue(entries);
    }

    /// <summary>
    /// The entry for a message and the fields it reads out of <paramref name="text"/>; null (and counted) when no
    /// entry knows it.
    /// </summary>
    public (CatalogueEntry Entry, Dictionary<string, string> Fields)? Match(string? vendor, string? code, string? app, string text)
    {
        if (vendor is not null)
        {
            if (code is not null && _byCode.TryGetValue((vendor, code), out var byCode) && First(byCode, text) is { } coded)
            {
                return coded;
            }

            if (app is not null && _byApp.TryGetValue((vendor, app), out var byApp) && First(byApp, text) is { } programmed)
            {
                return programmed;
            }
        }

        // Routers run Linux (FRR, Arista) and BSD underneath: their sshd, cron and kernel speak as Linux's do.
        if (app is not null && vendor != Linux && _byApp.TryGetValue((Linux, app), out var underneath) && First(underneath, text) is { } system)
        {
            return system;
        }

        _unknown.AddOrUpdate((vendor, code), 1, (_, n) => n + 1);
        return null;
    }

    private static (CatalogueEntry, Dictionary<string, string>)? First(List<CatalogueEntry> candidates, string text)
    {
        foreach (var entry in candidates)
        {
            if (entry.Compiled is null)
            {
                return (entry, []);
            }

            Match match;
            try
            {
                match = entry.Compiled.Match(text);
            }
            catch (RegexMatchTimeoutException)
            {
                continue;
            }

            if (match.Success)
            {
                return (entry, match.Groups.Values.Where(g => g.Success && !char.IsDigit(g.Name[0])).ToDictionary(g => g.Name, g => g.Value));
            }
        }

        return null;
    }

    public CatalogueEntry? Find(string? id) => id is not null && _byId.TryGetValue(id, out var entry) ? entry : null;

    /// <summary>Whether the event is the device's word that its configuration changed (its entry says <c>configChange</c>).</summary>
    public bool IsConfigChange(DeviceEvent item) => Find(item.CatalogueId)?.ConfigChange == true;

    /// <summary>The event in plain words: its entry's, fields filled in; without an entry its code or first line.</summary>
    public EventExplanation Explain(DeviceEvent item) => Find(item.CatalogueId) is { } entry
        ? new EventExplanation(Fill(entry.Title, item.Fields), Fill(entry.Meaning, item.Fields), Fill(entry.Cause, item.Fields), Fill(entry.Action, item.Fields))
        : new EventExplanation(item.Code ?? EventText.Headline(item.Text), null, null, null);

    [return: System.Diagnostics.CodeAnalysis.NotNullIfNotNull(nameof(template))]
    private static string? Fill(string? template, Dictionary<string, string> fields) =>
        template is null ? null : Placeholder().Replace(template, m => fields.TryGetValue(m.Groups[1].Value, out var value) ? value : "?");

    [GeneratedRegex(@"\{([A-Za-z][A-Za-z0-9_]*)\}")]
    private static partial Regex Placeholder();
}
