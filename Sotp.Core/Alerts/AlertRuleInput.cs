using System.Net.Mail;
using Sotp.Core.Events;

namespace Sotp.Core.Alerts;

/// <summary>What a person or script submits for a rule; a webhook secret left out keeps the stored one.</summary>
public sealed record AlertRuleInput
{
    public string? Name { get; init; }

    /// <summary>device-down, interface-down, interface-admin-down, cpu-above, memory-above or event.</summary>
    public string? Condition { get; init; }

    public string? Severity { get; init; }

    public AlertScope? Scope { get; init; }

    public double? Threshold { get; init; }

    public int ForSeconds { get; init; }

    public string? EventCode { get; init; }

    public int ResolveAfterMinutes { get; init; } = 15;

    public bool Enabled { get; init; } = true;

    public string? WebhookUrl { get; init; }

    public string? WebhookSecret { get; init; }

    public string? EmailTo { get; init; }
}

/// <summary>The checks rules and maintenance windows pass, with plain-words messages keyed by JSON field name.</summary>
public static class AlertRules
{
    public static string Name(AlertCondition condition) => EnumText.Kebab(condition);

    public static string Name(MaintenanceRecurrence recurrence) => recurrence.ToString().ToLowerInvariant();

    public static IReadOnlyList<string> ConditionNames { get; } = [.. Enum.GetValues<AlertCondition>().Select(Name)];

    public static bool TryParseCondition(string? text, out AlertCondition condition) => EnumText.TryParseKebab(text, out condition);

    public static Dictionary<string, string[]> Check(AlertRuleInput input, out AlertCondition condition, out EventSeverity severity)
    {
        var errors = new Dictionary<string, string[]>();
        void Fail(string field, string message) => errors[field] = [message];
        condition = default;
        severity = EventSeverity.Warning;
        CheckName(input.Name, Fail);
        if (!TryParseCondition(input.Condition, out condition))
        {
            Fail("condition", $"Choose one of: {string.Join(", ", ConditionNames)}.");
        }

        if (input.Severity is not null && !EnumText.TryParse(input.Severity, out severity))
        {
            Fail("severity", "Choose one of: critical, error, warning, notice, informational.");
        }

        if (condition is AlertCondition.CpuAbove or AlertCondition.MemoryAbove && input.Threshold is not (> 0 and < 100))
        {
            Fail("threshold", "Give a percentage between 0 and 100.");
        }

        if (input.ForSeconds is < 0 or > 86_400)
        {
            Fail("forSeconds", "Use 0 to 86400 seconds.");
        }

        if (condition == AlertCondition.Event && string.IsNullOrWhiteSpace(input.EventCode))
        {
            Fail("eventCode", "Give the message type (LINK-3-UPDOWN) or catalogue entry (cisco/LINK-3-UPDOWN/down) that raises it.");
        }

        if (input.ResolveAfterMinutes is < 1 or > 10_080)
        {
            Fail("resolveAfterMinutes", "Use 1 to 10080 minutes.");
        }

        CheckScope(input.Scope, Fail);
        if (!string.IsNullOrWhiteSpace(input.WebhookUrl) && !(Uri.TryCreate(input.WebhookUrl.Trim(), UriKind.Absolute, out var url) && url.Scheme is "http" or "https"))
        {
            Fail("webhookUrl", "Give an http:// or https:// address.");
        }

        foreach (var address in Recipients(input.EmailTo))
        {
            if (!MailAddress.TryCreate(address, out _))
            {
                Fail("emailTo", $"\"{address}\" is not an e-mail address.");
            }
        }

        return errors;
    }

    public static Dictionary<string, string[]> Check(MaintenanceWindowInput input, out MaintenanceRecurrence recurrence, out IReadOnlyList<DayOfWeek> days)
    {
        var errors = new Dictionary<string, string[]>();
        void Fail(string field, string message) => errors[field] = [message];
        CheckName(input.Name, Fail);
        recurrence = MaintenanceRecurrence.Once;
        if (input.Recurrence is not null && !EnumText.TryParse(input.Recurrence, out recurrence))
        {
            Fail("recurrence", "Choose once, daily or weekly.");
        }

        if (input.StartsAt is null)
        {
            Fail("startsAt", "Give the start.");
        }

        if (input.EndsAt is null || input.EndsAt <= input.StartsAt)
        {
            Fail("endsAt", "Give an end after the start.");
        }
        else if (recurrence != MaintenanceRecurrence.Once && input.EndsAt - input.StartsAt > TimeSpan.FromDays(recurrence == MaintenanceRecurrence.Daily ? 1 : 7))
        {
            Fail("endsAt", "A repeating window must end before its next occurrence starts.");
        }

        if (!string.IsNullOrWhiteSpace(input.TimeZone) && !TimeZoneInfo.TryFindSystemTimeZoneById(input.TimeZone.Trim(), out _))
        {
            Fail("timeZone", $"Unknown time zone \"{input.TimeZone}\"; use an IANA name such as Europe/Paris.");
        }

        var parsed = new List<DayOfWeek>();
        foreach (var day in input.Days ?? [])
        {
            if (EnumText.TryParse(day, out DayOfWeek d))
            {
                parsed.Add(d);
            }
            else
            {
                Fail("days", $"\"{day}\" is not a day of the week.");
            }
        }

        if (recurrence == MaintenanceRecurrence.Weekly && parsed.Count == 0)
        {
            Fail("days", "Choose the days of the week.");
        }

        days = [.. parsed.Distinct().Order()];
        if (input.Until is { } until && until <= input.StartsAt)
        {
            Fail("until", "Give an end of the repeats after the start.");
        }

        CheckScope(input.Scope, Fail);
        return errors;
    }

    public static IEnumerable<string> Recipients(string? list) =>
        (list ?? "").Split([',', ';'], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);

    private static void CheckName(string? name, Action<string, string> fail)
    {
        if (string.IsNullOrWhiteSpace(name))
        {
            fail("name", "Enter a name.");
        }
        else if (name.Trim().Length > 100)
        {
            fail("name", "Use at most 100 characters.");
        }
    }

    private static void CheckScope(AlertScope? scope, Action<string, string> fail)
    {
        if (scope?.InterfacePattern is { Length: > 0 } pattern && (pattern.Length > 200 || pattern.Any(char.IsControl)))
        {
            fail("scope.interfacePattern", "Use a short glob such as eth* or Gi0/*, several separated by commas.");
        }

        if (scope is not null && (scope.DeviceIds.Count > 1000 || scope.Sites.Count > 100 || scope.Tags.Count > 100))
        {
            fail("scope", "Too many devices, sites or tags: use a tag for a big group.");
        }
    }
}
