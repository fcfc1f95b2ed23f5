using System.Text.RegularExpressions;
using Sotp.Core.Devices;

namespace Sotp.Core.Compliance;

/// <summary>What one rule found on one device.</summary>
public sealed record RuleOutcome(ComplianceState State, string Expected, string Actual, string? Remediation);

/// <summary>A rule that does not compile: which field, and where in it (line and column, from 1).</summary>
public sealed record RuleProblem(string Field, string Message);

/// <summary>
/// Golden-configuration rules checked against configurations: the rule's text filled in with the device's own values
/// (<c>{name}</c>, <c>{site}</c>...), both sides made regular (<see cref="ConfigNormalizer"/>), and compared line by
/// line, never by prefix: <c>ip http server</c> forbidden does not catch <c>ip http server-side</c>; regular
/// expressions (anchored as written) are there for patterns. Each outcome says what was expected, what the
/// configuration has, and what to type.
/// </summary>
public sealed partial class GoldenConfig(ConfigNormalizer normalizer)
{
    /// <summary>The device fields a rule may use, as <c>{field}</c>.</summary>
    public static IReadOnlyList<string> Fields { get; } = ["name", "site", "address", "platform", "kind", "description"];

    private static readonly TimeSpan MatchTimeout = TimeSpan.FromMilliseconds(100);
    private const int MaxShownLines = 40;

    public ConfigNormalizer Normalizer => normalizer;

    /// <summary>Why the rule cannot be used, each problem with its position; empty when it compiles.</summary>
    public static IReadOnlyList<RuleProblem> Check(RuleKind kind, string text)
    {
        var problems = new List<RuleProblem>();
        var lines = text.Replace("\r\n", "\n", StringComparison.Ordinal).Split('\n');
        for (var i = 0; i < lines.Length; i++)
        {
            foreach (Match field in Placeholder().Matches(lines[i]))
            {
                if (!Fields.Contains(field.Groups[1].Value))
                {
                    problems.Add(new("text", $"Line {i + 1}, column {field.Index + 1}: {field.Value} is not a device field; use {string.Join(", ", Fields.Select(f => $"{{{f}}}"))}."));
                }
            }

            var regex = kind is RuleKind.Match or RuleKind.NoMatch || (kind == RuleKind.Section && i == 0 && lines[0].TrimStart().StartsWith('^'));
            if (regex && lines[i].Trim().Length > 0)
            {
                // Fields become as many letters, so the parser's offset is still the column in the text.
                var pattern = Placeholder().Replace(lines[i], m => new string('x', m.Length));
                try
                {
                    _ = new Regex(pattern, RegexOptions.CultureInvariant, MatchTimeout);
                }
                catch (RegexParseException ex)
                {
                    problems.Add(new("text", $"Line {i + 1}, column {ex.Offset}: the regular expression does not compile ({ex.Error}: {ex.Message.Split(" - ")[^1]})."));
                }
            }
        }

        var body = Meaningful(lines).ToList();
        if (body.Count == 0)
        {
            problems.Add(new("text", "Write at least one line."));
        }
        else if (kind == RuleKind.Section)
        {
            if (char.IsWhiteSpace(lines.First(l => l.Trim().Length > 0)[0]))
            {
                problems.Add(new("text", "Line 1: a section starts with its first line unindented (\"interface Gi0/1\", \"line vty 0 4\")."));
            }
            else if (body.Count < 2)
            {
                problems.Add(new("text", "Line 2: a section needs at least one indented line under its first line."));
            }
        }

        return problems;
    }

    /// <summary>The rule's verdict on one device's configuration.</summary>
    public RuleOutcome Evaluate(ComplianceRule rule, Device device, ConfigTree config)
    {
        if (rule.Platforms.Count > 0 && !rule.Platforms.Contains(device.Platform, StringComparer.OrdinalIgnoreCase))
        {
            return NotApplicable($"For {string.Join(", ", rule.Platforms)} only; this device is {device.Platform}.");
        }

        if (!rule.Scope.Covers(DeviceSummary.Of(device)))
        {
            return NotApplicable("The device is outside the rule's scope.");
        }

        if (Fill(rule.Text, device, escape: false) is not { } text)
        {
            var missing = Placeholder().Matches(rule.Text).Select(m => m.Groups[1].Value).First(f => string.IsNullOrWhiteSpace(ValueOf(f, device)));
            return NotApplicable($"The rule uses {{{missing}}}, and the device has no {missing}.");
        }

        return rule.Kind switch
        {
            RuleKind.Required => Required(rule, text, config),
            RuleKind.Forbidden => Forbidden(rule, text, device, config),
            RuleKind.Match => Matches(rule, Fill(rule.Text, device, escape: true)!, config),
            RuleKind.NoMatch => NoMatch(rule, Fill(rule.Text, device, escape: true)!, device, config),
            _ => Section(rule, text, Fill(rule.Text, device, escape: true)!, config),
        };
    }

    private RuleOutcome Required(ComplianceRule rule, string text, ConfigTree config)
    {
        var wanted = Meaningful(Lines(text)).Select(l => l.Trim()).ToList();
        var top = config.TopLevel.ToList();
        var missing = wanted.Where(w => !top.Any(t => t.Normal == normalizer.Line(w))).ToList();
        if (missing.Count == 0)
        {
            return new RuleOutcome(ComplianceState.Pass, Join(wanted), Join(wanted), null);
        }

        // What the configuration has instead: its lines that begin as the missing ones do ("snmp-server location Old").
        var instead = missing.SelectMany(m => top.Where(t => SameStart(t.Normal, normalizer.Line(m)))).Distinct().Select(Shown).ToList();
        return new RuleOutcome(ComplianceState.Fail, Join(wanted),
            instead.Count > 0 ? Join(instead) : $"Not in the configuration: {Join(missing)}", rule.Remediation ?? Join(missing));
    }

    private RuleOutcome Forbidden(ComplianceRule rule, string text, Device device, ConfigTree config)
    {
        var banned = Meaningful(Lines(text)).Select(l => normalizer.Line(l)).ToHashSet();
        var found = config.Lines.Where(l => banned.Contains(l.Normal)).ToList();
        return found.Count == 0
            ? new RuleOutcome(ComplianceState.Pass, $"None of: {Join(Meaningful(Lines(text)).Select(l => l.Trim()))}", "None present.", null)
            : new RuleOutcome(ComplianceState.Fail, $"None of: {Join(Meaningful(Lines(text)).Select(l => l.Trim()))}", Join(found.Select(Shown)),
                rule.Remediation ?? Undo(found, device, config));
    }

    private static RuleOutcome Matches(ComplianceRule rule, string patterns, ConfigTree config)
    {
        var regexes = Meaningful(Lines(patterns)).Select(p => p.Trim()).ToList();
        var unmatched = regexes.Where(r => !config.Lines.Any(l => IsMatch(r, l.Normal))).ToList();
        return unmatched.Count == 0
            ? new RuleOutcome(ComplianceState.Pass, Join(regexes.Select(r => $"a line matching {r}")),
                Join(regexes.Select(r => Shown(config.Lines.First(l => IsMatch(r, l.Normal))))), null)
            : new RuleOutcome(ComplianceState.Fail, Join(regexes.Select(r => $"a line matching {r}")),
                $"No line matches {Join(unmatched)}", rule.Remediation);
    }

    private static RuleOutcome NoMatch(ComplianceRule rule, string patterns, Device device, ConfigTree config)
    {
        var regexes = Meaningful(Lines(patterns)).Select(p => p.Trim()).ToList();
        var found = config.Lines.Where(l => regexes.Any(r => IsMatch(r, l.Normal))).ToList();
        return found.Count == 0
            ? new RuleOutcome(ComplianceState.Pass, Join(regexes.Select(r => $"no line matching {r}")), "None present.", null)
            : new RuleOutcome(ComplianceState.Fail, Join(regexes.Select(r => $"no line matching {r}")), Join(found.Select(Shown)),
                rule.Remediation ?? Undo(found, device, config));
    }

    private RuleOutcome Section(ComplianceRule rule, string text, string patterns, ConfigTree config)
    {
        var lines = Meaningful(Lines(text)).ToList();
        var (head, children) = (lines[0].Trim(), lines.Skip(1).Select(l => l.Trim()).ToList());
        var expected = Join([head, .. children.Select(c => " " + c)]);
        var byPattern = head.StartsWith('^');
        var pattern = Meaningful(Lines(patterns)).First().Trim();
        var sections = config.Lines.Where(l => byPattern ? IsMatch(pattern, l.Normal) : l.Normal == normalizer.Line(head)).ToList();
        if (sections.Count == 0)
        {
            return byPattern
                ? NotApplicable($"No section matches {head}.")
                : new RuleOutcome(ComplianceState.Fail, expected, $"No section \"{head}\".", rule.Remediation ?? expected);
        }

        var wanted = children.Select(normalizer.Line).ToList();
        var failing = new List<(ConfigLine Section, List<string> Missing, bool Disordered)>();
        foreach (var section in sections)
        {
            var have = config.ChildrenOf(section).Select(c => c.Normal).ToList();
            var missing = children.Where((c, i) => !have.Contains(wanted[i])).ToList();
            var positions = wanted.Select(w => have.IndexOf(w)).ToList();
            var disordered = rule.Ordered && missing.Count == 0 && positions.Zip(positions.Skip(1)).Any(p => p.First > p.Second);
            if (missing.Count > 0 || disordered)
            {
                failing.Add((section, missing, disordered));
            }
        }

        if (failing.Count == 0)
        {
            return new RuleOutcome(ComplianceState.Pass, expected, $"{sections.Count} section{(sections.Count == 1 ? "" : "s")} as expected.", null);
        }

        var actual = Join(failing.SelectMany(f => (IEnumerable<string>)[Shown(f.Section), .. config.ChildrenOf(f.Section).Take(MaxShownLines).Select(c => " " + c.Text),
            .. f.Disordered ? ["  (the lines are there, in another order)"] : Array.Empty<string>()]));
        var fix = Join(failing.SelectMany(f => (IEnumerable<string>)[f.Section.Text, .. (f.Disordered ? children : f.Missing).Select(c => " " + c)]));
        return new RuleOutcome(ComplianceState.Fail, expected, actual, rule.Remediation ?? fix);
    }

    // What undoes lines that must not be there: "no X" (or X without its "no"); Junos set lines are deleted. A line in a
    // section is undone inside that section.
    private static string Undo(IEnumerable<ConfigLine> found, Device device, ConfigTree config) => Join(found.SelectMany(line =>
    {
        var undo = line.Text.StartsWith("set ", StringComparison.Ordinal) && device.Platform == "junos" ? "delete " + line.Text[4..]
            : line.Text.StartsWith("no ", StringComparison.Ordinal) ? line.Text[3..] : "no " + line.Text;
        return line.Parent is { } parent ? [config.Lines[parent].Text, " " + undo] : new[] { undo };
    }));

    private static RuleOutcome NotApplicable(string why) => new(ComplianceState.NotApplicable, "", why, null);

    private static bool IsMatch(string pattern, string line) => Regex.IsMatch(line, pattern, RegexOptions.CultureInvariant, MatchTimeout);

    private static bool SameStart(string line, string wanted)
    {
        var words = wanted.Split(' ');
        var start = string.Join(' ', words.Take(Math.Min(2, Math.Max(1, words.Length - 1))));
        return line.StartsWith(start + " ", StringComparison.Ordinal) || line == start;
    }

    private static string Shown(ConfigLine line) => $"line {line.Number}: {line.Text}";

    private static string Join(IEnumerable<string> lines) => string.Join('\n', lines);

    private static string[] Lines(string text) => text.Replace("\r\n", "\n", StringComparison.Ordinal).Split('\n');

    private static IEnumerable<string> Meaningful(IEnumerable<string> lines) => lines.Where(l => l.Trim().Length > 0);

    // The rule's text with the device's values in; null when the device lacks one it uses.
    private static string? Fill(string text, Device device, bool escape)
    {
        var lacking = false;
        var filled = Placeholder().Replace(text, m =>
        {
            var value = ValueOf(m.Groups[1].Value, device);
            lacking |= string.IsNullOrWhiteSpace(value);
            return escape ? Regex.Escape(value ?? "") : value ?? "";
        });
        return lacking ? null : filled;
    }

    private static string? ValueOf(string field, Device device) => field switch
    {
        "name" => device.Name,
        "site" => device.Site,
        "address" => device.Address,
        "platform" => device.Platform,
        "kind" => DeviceRules.KindName(device.Kind),
        "description" => device.Description,
        _ => null,
    };

    [GeneratedRegex(@"\{([a-z]+)\}")]
    private static partial Regex Placeholder();
}
