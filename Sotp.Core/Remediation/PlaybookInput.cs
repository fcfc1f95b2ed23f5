using Sotp.Core.Alerts;

namespace Sotp.Core.Remediation;

/// <summary>What a person or script submits for a playbook; fields left out take the safe defaults.</summary>
public sealed record PlaybookInput
{
    public string? Name { get; init; }

    /// <summary>interface-admin-down.</summary>
    public string? Trigger { get; init; }

    /// <summary>snmp-admin-up or cli-no-shutdown.</summary>
    public string? Action { get; init; }

    public AlertScope? Scope { get; init; }

    /// <summary>dry-run (default) or enforce.</summary>
    public string? Mode { get; init; }

    public bool Enabled { get; init; } = true;

    public int HoldOffMinutes { get; init; } = 30;

    public int PostCheckSeconds { get; init; } = 30;

    public int MaxConsecutiveFailures { get; init; } = 3;

    public bool RequireApproval { get; init; }

    public string? UplinkPattern { get; init; }

    public bool AllowUplinks { get; init; }

    public bool LeaveConfigChanges { get; init; }

    public Dictionary<string, string[]> Check(out PlaybookTrigger trigger, out PlaybookAction action, out PlaybookMode mode)
    {
        var errors = new Dictionary<string, string[]>();
        void Fail(string field, string message) => errors[field] = [message];
        mode = PlaybookMode.DryRun;
        if (string.IsNullOrWhiteSpace(Name) || Name.Trim().Length > 100)
        {
            Fail("name", "Enter a name of at most 100 characters.");
        }

        if (!EnumText.TryParseKebab(Trigger, out trigger))
        {
            Fail("trigger", "Use interface-admin-down.");
        }

        if (!EnumText.TryParseKebab(Action, out action))
        {
            Fail("action", "Use snmp-admin-up or cli-no-shutdown.");
        }

        if (Mode is not null && !EnumText.TryParseKebab(Mode, out mode))
        {
            Fail("mode", "Use dry-run or enforce.");
        }

        if (HoldOffMinutes is < 1 or > 10_080)
        {
            Fail("holdOffMinutes", "Use 1 to 10080 minutes: at most one action per port in that time.");
        }

        if (PostCheckSeconds is < 1 or > 3600)
        {
            Fail("postCheckSeconds", "Use 1 to 3600 seconds.");
        }

        if (MaxConsecutiveFailures is < 1 or > 100)
        {
            Fail("maxConsecutiveFailures", "Use 1 to 100.");
        }

        if (Scope?.InterfacePattern is { Length: > 200 } || UplinkPattern is { Length: > 200 })
        {
            Fail("scope.interfacePattern", "Use a short glob such as eth* or Gi0/*.");
        }

        return errors;
    }
}

/// <summary>A playbook as the API and the audit trail show it.</summary>
public sealed record PlaybookView(int Id, string Name, string Trigger, string Action, AlertScope Scope, string Mode, bool Enabled, int HoldOffMinutes,
    int PostCheckSeconds, int MaxConsecutiveFailures, bool RequireApproval, string UplinkPattern, bool AllowUplinks, bool LeaveConfigChanges,
    int ConsecutiveFailures, DateTimeOffset? TrippedAt)
{
    public static PlaybookView Of(Playbook p) => new(p.Id, p.Name, EnumText.Kebab(p.Trigger), EnumText.Kebab(p.Action), p.Scope, EnumText.Kebab(p.Mode),
        p.Enabled, p.HoldOffMinutes, p.PostCheckSeconds, p.MaxConsecutiveFailures, p.RequireApproval, p.UplinkPattern, p.AllowUplinks, p.LeaveConfigChanges,
        p.ConsecutiveFailures, p.TrippedAt);
}
