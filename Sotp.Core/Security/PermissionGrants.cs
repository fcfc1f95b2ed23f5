using Microsoft.EntityFrameworkCore.Migrations;

namespace Sotp.Core.Security;

/// <summary>
/// How a migration gives a new permission to roles an installation already has (a new installation gets it from
/// <see cref="SotpPermissions.Defaults"/>): only to a role that was seeded, so an empty database stays empty for
/// <see cref="PermissionMap.SeedAsync"/>.
/// </summary>
public static class PermissionGrants
{
    public static void Apply(MigrationBuilder migration, IEnumerable<(string Role, string Permission)> grants)
    {
        foreach (var (role, permission) in grants)
        {
            migration.Sql($"""
                INSERT INTO "RolePermissions" ("Role", "Permission")
                SELECT '{role}', '{permission}' WHERE EXISTS (SELECT 1 FROM "RolePermissions" WHERE "Role" = '{role}');
                """);
        }
    }

    /// <summary>What the availability reports migration brings: every role that reads anything may read the figures.</summary>
    public static (string Role, string Permission)[] Reports { get; } =
    [
        (SotpRoles.Admin, SotpPermissions.ReportsRead), (SotpRoles.Engineer, SotpPermissions.ReportsRead),
        (SotpRoles.Auditor, SotpPermissions.ReportsRead), (SotpRoles.Manager, SotpPermissions.ReportsRead),
    ];

    /// <summary>What the compliance migration brings: Admins and Engineers edit golden-configuration rules.</summary>
    public static (string Role, string Permission)[] Compliance { get; } =
    [
        (SotpRoles.Admin, SotpPermissions.ComplianceManage), (SotpRoles.Engineer, SotpPermissions.ComplianceManage),
    ];
}
