using Sotp.Core.Alerts;

namespace Sotp.Core.Compliance;

/// <summary>What a golden-configuration rule asks of a configuration.</summary>
public enum RuleKind
{
    /// <summary>Every line of the text is in the configuration (at the top level).</summary>
    Required,

    /// <summary>No line of the text is in the configuration (at any level).</summary>
    Forbidden,

    /// <summary>The regular expression matches at least one line.</summary>
    Match,

    /// <summary>The regular expression matches no line.</summary>
    NoMatch,

    /// <summary>
    /// The text's first line opens a section whose children include the indented lines after it (in that order when
    /// <see cref="ComplianceRule.Ordered"/>). A first line starting with <c>^</c> is a regular expression: every
    /// section it matches is checked, and a configuration without one is not concerned.
    /// </summary>
    Section,
}

/// <summary>
/// A golden-configuration rule, as data: what it asks (<see cref="Kind"/>, <see cref="Text"/>), of which devices
/// (platforms, and the usual scope of sites, tags and devices), and what to type to fix a failure when the generated
/// remediation is not the right one. <c>{name}</c>, <c>{site}</c>, <c>{address}</c>, <c>{platform}</c>, <c>{kind}</c>
/// and <c>{description}</c> in the text are the device's own values.
/// </summary>
public sealed class ComplianceRule
{
    public int Id { get; set; }

    public required string Name { get; set; }

    public string? Description { get; set; }

    public RuleKind Kind { get; set; }

    public required string Text { get; set; }

    /// <summary>For sections: the children in the rule's order.</summary>
    public bool Ordered { get; set; }

    /// <summary>The platforms it applies to; empty: every platform.</summary>
    public List<string> Platforms { get; set; } = [];

    public AlertScope Scope { get; set; } = new();

    /// <summary>What to type to fix a failure, when not the generated one.</summary>
    public string? Remediation { get; set; }

    public bool Enabled { get; set; } = true;

    public DateTimeOffset UpdatedAt { get; set; }

    public string UpdatedBy { get; set; } = "";
}

/// <summary>Whether a device's configuration meets a rule.</summary>
public enum ComplianceState
{
    Pass,
    Fail,

    /// <summary>The rule is not for this device (another platform, out of scope, a field the device lacks, no such section).</summary>
    NotApplicable,
}

/// <summary>One device against one rule, as last checked: what the rule expected, what the configuration has, and the fix.</summary>
public sealed class ComplianceResult
{
    public long Id { get; set; }

    public int DeviceId { get; set; }

    public int RuleId { get; set; }

    public ComplianceState State { get; set; }

    public string Expected { get; set; } = "";

    public string Actual { get; set; } = "";

    public string? Remediation { get; set; }

    /// <summary>The configuration version checked.</summary>
    public required string Commit { get; set; }

    public DateTimeOffset CheckedAt { get; set; }
}

/// <summary>One check of one device against all rules: its compliance over time.</summary>
public sealed class ComplianceCheck
{
    public long Id { get; set; }

    public int DeviceId { get; set; }

    public DateTimeOffset At { get; set; }

    public required string Commit { get; set; }

    public int Passed { get; set; }

    public int Failed { get; set; }

    public int NotApplicable { get; set; }
}
