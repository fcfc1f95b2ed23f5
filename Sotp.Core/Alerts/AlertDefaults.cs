using System.Globalization;
using System.Text.Json;
using Microsoft.EntityFrameworkCore.Migrations;
using Sotp.Core.Events;
using Sotp.Core.Security;

namespace Sotp.Core.Alerts;

/// <summary>
/// What the migration that adds alerts puts in: the rules a network team expects on day one (device down, interface
/// shut or down, CPU and memory above 90 % for 5 minutes, a remediation that failed or a playbook stopped), and the new permissions for the roles an installation
/// already has (a new installation gets them from <see cref="SotpPermissions.Defaults"/>). Once: rules deleted later
/// stay deleted.
/// </summary>
public static class AlertDefaults
{
    public static IReadOnlyList<AlertRule> Rules { get; } =
    [
        new() { Name = "Device down", Condition = AlertCondition.DeviceDown, Severity = EventSeverity.Error },
        new() { Name = "Interface shut", Condition = AlertCondition.InterfaceAdminDown, Severity = EventSeverity.Warning },
        new() { Name = "Interface down", Condition = AlertCondition.InterfaceDown, Severity = EventSeverity.Warning },
        new() { Name = "CPU above 90 %", Condition = AlertCondition.CpuAbove, Threshold = 90, ForSeconds = 300, Severity = EventSeverity.Warning },
        new() { Name = "Memory above 90 %", Condition = AlertCondition.MemoryAbove, Threshold = 90, ForSeconds = 300, Severity = EventSeverity.Warning },
        new() { Name = "Remediation failed", Condition = AlertCondition.Event, EventCode = "remediation.failed", Severity = EventSeverity.Error },
        new() { Name = "Playbook stopped", Condition = AlertCondition.Event, EventCode = "remediation.breaker-open", Severity = EventSeverity.Error },
    ];

    public static void Seed(MigrationBuilder migration, bool sqlite, params (string Role, string Permission)[] grants)
    {
        var now = new DateTimeOffset(2026, 11, 29, 0, 0, 0, TimeSpan.Zero);
        var updatedAt = sqlite ? now.UtcTicks.ToString(CultureInfo.InvariantCulture) : $"'{now:yyyy-MM-dd HH:mm:ss}+00'";
        var enabled = sqlite ? "1" : "TRUE";
        foreach (var rule in Rules)
        {
            var threshold = rule.Threshold is { } t ? t.ToString(CultureInfo.InvariantCulture) : "NULL";
            migration.Sql($"""
                INSERT INTO "AlertRules" ("Name", "Condition", "Severity", "Scope", "Threshold", "ForSeconds", "EventCode", "ResolveAfterMinutes", "Enabled", "UpdatedAt")
                VALUES ('{rule.Name}', '{rule.Condition}', {(int)rule.Severity}, '{JsonSerializer.Serialize(rule.Scope, JsonSerializerOptions.Web)}',
                        {threshold}, {rule.ForSeconds}, {(rule.EventCode is null ? "NULL" : $"'{rule.EventCode}'")}, {rule.ResolveAfterMinutes}, {enabled}, {updatedAt});
                """);
        }

        PermissionGrants.Apply(migration, grants);
    }

    /// <summary>The permissions this migration brings, for roles seeded before it.</summary>
    public static (string Role, string Permission)[] Grants { get; } =
    [
        (SotpRoles.Admin, SotpPermissions.AlertsManage), (SotpRoles.Admin, SotpPermissions.RemediationApprove),
        (SotpRoles.Admin, SotpPermissions.RemediationManage), (SotpRoles.Engineer, SotpPermissions.AlertsManage),
        (SotpRoles.Engineer, SotpPermissions.RemediationApprove),
    ];
}
