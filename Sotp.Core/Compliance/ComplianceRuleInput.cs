using Sotp.Core.Alerts;

namespace Sotp.Core.Compliance;

/// <summary>What a person or script submits for a golden-configuration rule.</summary>
public sealed record ComplianceRuleInput
{
    public const int MaxTextLength = 20_000;

    public string? Name { get; init; }

    public string? Description { get; init; }

    /// <summary>required, forbidden, match, no-match or section.</summary>
    public string? Kind { get; init; }

    public string? Text { get; init; }

    public bool Ordered { get; init; }

    public IReadOnlyList<string>? Platforms { get; init; }

    public AlertScope? Scope { get; init; }

    public string? Remediation { get; init; }

    public bool Enabled { get; init; } = true;

    /// <summary>Every problem, keyed by field; a text that does not compile says where (<see cref="GoldenConfig.Check"/>).</summary>
    public Dictionary<string, string[]> Check(out RuleKind kind)
    {
        var errors = new Dictionary<string, string[]>();
        if (string.IsNullOrWhiteSpace(Name) || Name.Trim().Length > 100)
        {
            errors["name"] = ["Enter a name of at most 100 characters."];
        }

        if (Description?.Length > 1000)
        {
            errors["description"] = ["Use at most 1000 characters."];
        }

        if (!EnumText.TryParseKebab(Kind, out kind))
        {
            errors["kind"] = ["Use required, forbidden, match, no-match or section."];
        }
        else if (Text is null || Text.Length > MaxTextLength)
        {
            errors["text"] = [$"Write the rule's lines, at most {MaxTextLength} characters."];
        }
        else if (GoldenConfig.Check(kind, Text) is { Count: > 0 } problems)
        {
            errors["text"] = [.. problems.Select(p => p.Message)];
        }

        if (Remediation?.Length > MaxTextLength)
        {
            errors["remediation"] = [$"Use at most {MaxTextLength} characters."];
        }

        if (Platforms?.Any(p => string.IsNullOrWhiteSpace(p) || p.Length > 64) == true)
        {
            errors["platforms"] = ["Name each platform (cisco-ios, junos, frr...), at most 64 characters."];
        }

        return errors;
    }
}
