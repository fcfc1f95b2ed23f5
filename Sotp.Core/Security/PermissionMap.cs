using System.Collections.Frozen;
using Microsoft.EntityFrameworkCore;
using Sotp.Core.Audit;
using Sotp.Core.Persistence;

namespace Sotp.Core.Security;

/// <summary>
/// Which roles hold which permission, read from the database and kept for a few seconds: a change an Admin
/// makes on one replica reaches the others within <see cref="RefreshAfter"/>, on this one at once.
/// </summary>
public sealed class PermissionMap(IDbContextFactory<SotpDbContext> contexts, AuditTrail audit, TimeProvider time)
{
    public static readonly TimeSpan RefreshAfter = TimeSpan.FromSeconds(15);

    private volatile Snapshot? _snapshot;

    private sealed record Snapshot(FrozenDictionary<string, FrozenSet<string>> ByRole, FrozenSet<string> TwoFactorRoles, DateTimeOffset LoadedAt);

    public async Task<bool> HoldsAsync(IEnumerable<string> roles, string permission, CancellationToken cancellationToken)
    {
        var map = await CurrentAsync(cancellationToken);
        return roles.Any(role => map.TryGetValue(role, out var held) && held.Contains(permission));
    }

    /// <summary>The permissions a set of roles holds together.</summary>
    public async Task<IReadOnlySet<string>> PermissionsOfAsync(IEnumerable<string> roles, CancellationToken cancellationToken)
    {
        var map = await CurrentAsync(cancellationToken);
        return roles.SelectMany(r => map.TryGetValue(r, out var held) ? held : []).ToHashSet();
    }

    public async Task<IReadOnlyDictionary<string, FrozenSet<string>>> CurrentAsync(CancellationToken cancellationToken) =>
        (await SnapshotAsync(cancellationToken)).ByRole;

    /// <summary>Whether any of these roles requires two-factor sign-in.</summary>
    public async Task<bool> RequiresTwoFactorAsync(IEnumerable<string> roles, CancellationToken cancellationToken)
    {
        var snapshot = await SnapshotAsync(cancellationToken);
        return roles.Any(snapshot.TwoFactorRoles.Contains);
    }

    public async Task<IReadOnlySet<string>> TwoFactorRolesAsync(CancellationToken cancellationToken) => (await SnapshotAsync(cancellationToken)).TwoFactorRoles;

    /// <summary>Makes two-factor sign-in required, or not, for a role's members; audited.</summary>
    public async Task SetTwoFactorRequiredAsync(string role, bool required, AuditActor actor, CancellationToken cancellationToken)
    {
        if (SotpRoles.Unknown([role]) is { } unknown)
        {
            throw new RoleChangeException("role", unknown);
        }

        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        await audit.RunAsync(db, async ct =>
        {
            var setting = await db.RoleSettings.SingleOrDefaultAsync(s => s.Role == role, ct)
                          ?? db.RoleSettings.Add(new RoleSetting { Role = role }).Entity;
            var before = setting.RequireTwoFactor;
            setting.RequireTwoFactor = required;
            return (true, (Func<AuditRecord>?)(() => new AuditRecord(actor, "role.two-factor", "role", role, role,
                new { requireTwoFactor = before }, new { requireTwoFactor = required })));
        }, cancellationToken);
        _snapshot = await LoadAsync(cancellationToken);
    }

    private async Task<Snapshot> SnapshotAsync(CancellationToken cancellationToken)
    {
        var snapshot = _snapshot;
        if (snapshot is null || time.GetUtcNow() - snapshot.LoadedAt > RefreshAfter)
        {
            snapshot = _snapshot = await LoadAsync(cancellationToken);
        }

        return snapshot;
    }

    /// <summary>Gives a role exactly these permissions; audited with before and after. Admin keeps user and settings management.</summary>
    public async Task SetAsync(string role, IReadOnlyCollection<string> permissions, AuditActor actor, CancellationToken cancellationToken)
    {
        if (SotpRoles.Unknown([role]) is { } unknown)
        {
            throw new RoleChangeException("role", unknown);
        }

        if (permissions.FirstOrDefault(p => !SotpPermissions.IsKnown(p)) is { } unknownPermission)
        {
            throw new RoleChangeException("permissions", $"There is no permission \"{unknownPermission}\".");
        }

        var wanted = role == SotpRoles.Admin ? permissions.Union(SotpPermissions.AdminKeeps).ToHashSet() : permissions.ToHashSet();
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        await audit.RunAsync(db, async ct =>
        {
            var held = await db.RolePermissions.Where(p => p.Role == role).ToListAsync(ct);
            var before = held.Select(p => p.Permission).Order().ToArray();
            db.RolePermissions.RemoveRange(held.Where(p => !wanted.Contains(p.Permission)));
            db.RolePermissions.AddRange(wanted.Where(p => !before.Contains(p)).Select(p => new RolePermission { Role = role, Permission = p }));
            return (true, (Func<AuditRecord>?)(() => new AuditRecord(actor, "role.permissions", "role", role, role,
                new { permissions = before }, new { permissions = wanted.Order().ToArray() })));
        }, cancellationToken);
        _snapshot = await LoadAsync(cancellationToken);
    }

    /// <summary>A new installation (or a role added in an upgrade) gets the default mapping.</summary>
    public async Task SeedAsync(CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var seeded = await db.RolePermissions.Select(p => p.Role).Distinct().ToListAsync(cancellationToken);
        foreach (var (role, permissions) in SotpPermissions.Defaults.Where(d => !seeded.Contains(d.Key)))
        {
            db.RolePermissions.AddRange(permissions.Select(p => new RolePermission { Role = role, Permission = p }));
        }

        await db.SaveChangesAsync(cancellationToken);
        _snapshot = null;
    }

    private async Task<Snapshot> LoadAsync(CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var rows = await db.RolePermissions.AsNoTracking().ToListAsync(cancellationToken);
        var byRole = rows.GroupBy(r => r.Role).ToFrozenDictionary(g => g.Key, g => g.Select(r => r.Permission).ToFrozenSet());
        var twoFactor = await db.RoleSettings.AsNoTracking().Where(s => s.RequireTwoFactor).Select(s => s.Role).ToListAsync(cancellationToken);
        return new Snapshot(byRole, twoFactor.ToFrozenSet(), time.GetUtcNow());
    }
}

/// <summary>A role change that names a role or permission SOTP does not have; <see cref="Field"/> says which.</summary>
public sealed class RoleChangeException(string field, string message) : Exception(message)
{
    public string Field { get; } = field;
}
