namespace Sotp.Core.Security;

/// <summary>
/// Named permissions, each an authorization policy of the same name. Every page, endpoint and action asks for
/// a permission, never for a role; which roles hold which permission is data (<see cref="PermissionMap"/>),
/// seeded from <see cref="Defaults"/> and changed by an Admin.
/// </summary>
public static class SotpPermissions
{
    public const string DevicesRead = "devices.read";
    public const string DevicesWrite = "devices.write";
    public const string ConsoleReadOnly = "console.read-only";
    public const string ConsoleFull = "console.full";
    public const string AuditRead = "audit.read";
    public const string ReportsRead = "reports.read";
    public const string ReportsExport = "reports.export";
    public const string UsersManage = "users.manage";
    public const string SettingsManage = "settings.manage";
    public const string AlertsManage = "alerts.manage";
    public const string RemediationApprove = "remediation.approve";
    public const string RemediationManage = "remediation.manage";
    public const string ComplianceManage = "compliance.manage";

    /// <summary>Every permission with what it lets a user do, in the order the UI lists them.</summary>
    public static IReadOnlyList<(string Name, string Description)> All { get; } =
    [
        (DevicesRead, "See devices, their status, vitals and interfaces"),
        (DevicesWrite, "Add, change and archive devices and their SNMP settings"),
        (ConsoleReadOnly, "Run allow-listed show commands on devices"),
        (ConsoleFull, "Open an interactive SSH terminal on devices"),
        (AuditRead, "Read, search, verify and export the audit trail"),
        (ReportsRead, "See availability figures and the list of reports"),
        (ReportsExport, "Generate and download availability reports (PDF, CSV)"),
        (UsersManage, "Create, disable and unlock users, assign roles, end sessions"),
        (SettingsManage, "Change platform settings and the role permissions"),
        (AlertsManage, "Acknowledge alerts, edit alert rules and maintenance windows"),
        (RemediationApprove, "Approve a remediation that waits for a person"),
        (RemediationManage, "Edit remediation playbooks, stop and resume all remediation"),
        (ComplianceManage, "Edit golden-configuration rules and check compliance again"),
    ];

    /// <summary>The mapping a new installation starts with.</summary>
    public static IReadOnlyDictionary<string, string[]> Defaults { get; } = new Dictionary<string, string[]>
    {
        [SotpRoles.Admin] = [.. All.Select(p => p.Name)],
        [SotpRoles.Engineer] = [DevicesRead, DevicesWrite, ConsoleReadOnly, ConsoleFull, AlertsManage, RemediationApprove, ReportsRead,
            ComplianceManage],
        [SotpRoles.Auditor] = [DevicesRead, AuditRead, ReportsRead, ReportsExport],
        [SotpRoles.Manager] = [DevicesRead, ReportsRead, ReportsExport],
    };

    /// <summary>What Admin always keeps, so that nobody can lock every administrator out of the mapping itself.</summary>
    public static IReadOnlyList<string> AdminKeeps { get; } = [UsersManage, SettingsManage];

    public static bool IsKnown(string permission) => All.Any(p => p.Name == permission);
}
