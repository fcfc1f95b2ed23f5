using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Sotp.Core.Audit;
using Sotp.Core.Persistence;

namespace Sotp.Core.Security;

/// <summary>A user as an Admin sees them.</summary>
public sealed record UserSummary(string Id, string UserName, IReadOnlyList<string> Roles, bool Disabled, DateTimeOffset? LockedOutUntil,
    bool TwoFactorEnabled, DateTimeOffset CreatedAt);

/// <summary>The outcome of a user change: the user after it, or the problems per field.</summary>
public sealed record UserChangeResult(UserSummary? User, IReadOnlyDictionary<string, string[]> Errors)
{
    public bool Succeeded => User is not null;

    public static UserChangeResult Failed(string field, string message) => new(null, new Dictionary<string, string[]> { [field] = [message] });
}

/// <summary>
/// Admin work on accounts: create, roles, disable, unlock, reset password, end sessions. Each change and its
/// audit entry commit together; each one that should end live sessions changes the security stamp, which
/// signs the user out of every browser and circuit at the next check (within a minute). The last enabled
/// Admin can be neither disabled nor demoted.
/// </summary>
public sealed class UserDirectory(UserManager<SotpUser> users, SotpDbContext db, AuditTrail audit, SessionChanges sessions, TimeProvider time)
{
    public async Task<IReadOnlyList<UserSummary>> ListAsync(CancellationToken cancellationToken)
    {
        var all = await db.Users.AsNoTracking().OrderBy(u => u.UserName).ToListAsync(cancellationToken);
        var roles = await (from ur in db.UserRoles join r in db.Roles on ur.RoleId equals r.Id select new { ur.UserId, r.Name })
            .ToListAsync(cancellationToken);
        return [.. all.Select(u => Summary(u, roles.Where(r => r.UserId == u.Id).Select(r => r.Name!).Order().ToArray()))];
    }

    public async Task<UserChangeResult> CreateAsync(string? userName, string? password, IReadOnlyList<string>? roles, AuditActor actor,
        CancellationToken cancellationToken)
    {
        var wanted = (roles ?? []).Distinct().ToArray();
        if (SotpRoles.Unknown(wanted) is { } unknown)
        {
            return UserChangeResult.Failed("roles", unknown);
        }

        if (string.IsNullOrWhiteSpace(userName))
        {
            return UserChangeResult.Failed("userName", "A user name is required.");
        }

        if (string.IsNullOrEmpty(password))
        {
            return UserChangeResult.Failed("password", "A password is required.");
        }

        var user = new SotpUser(userName.Trim()) { CreatedAt = time.GetUtcNow() };
        return await ChangeAsync(user, "user.create", actor, null, async () =>
        {
            var created = await users.CreateAsync(user, password);
            return created.Succeeded ? await users.AddToRolesAsync(user, wanted) : created;
        }, cancellationToken);
    }

    public async Task<UserChangeResult> SetRolesAsync(string id, IReadOnlyList<string> roles, AuditActor actor, CancellationToken cancellationToken)
    {
        if (SotpRoles.Unknown(roles) is { } unknown)
        {
            return UserChangeResult.Failed("roles", unknown);
        }

        if (await users.FindByIdAsync(id) is not { } user)
        {
            return UserChangeResult.Failed("id", "There is no such user.");
        }

        var current = await users.GetRolesAsync(user);
        if (current.Contains(SotpRoles.Admin) && !roles.Contains(SotpRoles.Admin) && await IsLastAdminAsync(user, cancellationToken))
        {
            return UserChangeResult.Failed("roles", "This is the last enabled Admin: make someone else Admin first.");
        }

        return await ChangeAsync(user, "user.roles", actor, current, async () =>
        {
            var removed = await users.RemoveFromRolesAsync(user, current.Except(roles));
            var added = removed.Succeeded ? await users.AddToRolesAsync(user, roles.Except(current)) : removed;
            return added.Succeeded ? await users.UpdateSecurityStampAsync(user) : added;
        }, cancellationToken);
    }

    public async Task<UserChangeResult> SetDisabledAsync(string id, bool disabled, AuditActor actor, CancellationToken cancellationToken)
    {
        if (await users.FindByIdAsync(id) is not { } user)
        {
            return UserChangeResult.Failed("id", "There is no such user.");
        }

        if (disabled && await users.IsInRoleAsync(user, SotpRoles.Admin) && await IsLastAdminAsync(user, cancellationToken))
        {
            return UserChangeResult.Failed("id", "This is the last enabled Admin: it cannot be disabled.");
        }

        return await ChangeAsync(user, disabled ? "user.disable" : "user.enable", actor, null, async () =>
        {
            user.DisabledAt = disabled ? time.GetUtcNow() : null;
            return await users.UpdateSecurityStampAsync(user);
        }, cancellationToken);
    }

    public async Task<UserChangeResult> UnlockAsync(string id, AuditActor actor, CancellationToken cancellationToken) =>
        await users.FindByIdAsync(id) is { } user
            ? await ChangeAsync(user, "user.unlock", actor, null, async () =>
            {
                var unlocked = await users.SetLockoutEndDateAsync(user, null);
                return unlocked.Succeeded ? await users.ResetAccessFailedCountAsync(user) : unlocked;
            }, cancellationToken)
            : UserChangeResult.Failed("id", "There is no such user.");

    public async Task<UserChangeResult> ResetPasswordAsync(string id, string? password, AuditActor actor, CancellationToken cancellationToken)
    {
        if (string.IsNullOrEmpty(password))
        {
            return UserChangeResult.Failed("password", "A new password is required.");
        }

        return await users.FindByIdAsync(id) is { } user
            ? await ChangeAsync(user, "user.reset-password", actor, null, async () =>
            {
                var token = await users.GeneratePasswordResetTokenAsync(user);
                return await users.ResetPasswordAsync(user, token, password);
            }, cancellationToken)
            : UserChangeResult.Failed("id", "There is no such user.");
    }

    /// <summary>Signs the user out everywhere: browsers at their next request, live circuits within a minute.</summary>
    public async Task<UserChangeResult> EndSessionsAsync(string id, AuditActor actor, CancellationToken cancellationToken) =>
        await users.FindByIdAsync(id) is { } user
            ? await ChangeAsync(user, "user.end-sessions", actor, null, () => users.UpdateSecurityStampAsync(user), cancellationToken)
            : UserChangeResult.Failed("id", "There is no such user.");

    private async Task<UserChangeResult> ChangeAsync(SotpUser user, string action, AuditActor actor, IList<string>? rolesBefore,
        Func<Task<IdentityResult>> change, CancellationToken cancellationToken)
    {
        IdentityResult? failed = null;
        var before = rolesBefore is null ? null : new { roles = rolesBefore.Order().ToArray() };
        await audit.RunAsync(db, async _ =>
        {
            var result = await change();
            failed = result.Succeeded ? null : result;
            if (failed is not null)
            {
                return (false, null);
            }

            var after = new { roles = (await users.GetRolesAsync(user)).Order().ToArray(), disabled = user.DisabledAt is not null };
            return (true, (Func<AuditRecord>?)(() => new AuditRecord(actor, action, "user", user.Id, user.UserName, before, after)));
        }, cancellationToken);
        if (failed is not null)
        {
            await audit.WriteAsync(new AuditRecord(actor, action, "user", user.Id, user.UserName,
                Result: AuditResults.Failed(string.Join(" ", failed.Errors.Select(e => e.Description)))), cancellationToken);
            var field = failed.Errors.Any(e => e.Code.Contains("Password", StringComparison.Ordinal)) ? "password"
                : failed.Errors.Any(e => e.Code.Contains("UserName", StringComparison.Ordinal)) ? "userName"
                : "id";
            return new UserChangeResult(null, new Dictionary<string, string[]> { [field] = [.. failed.Errors.Select(e => e.Description)] });
        }

        sessions.Changed(user.Id);
        return new UserChangeResult(Summary(user, [.. await users.GetRolesAsync(user)]), new Dictionary<string, string[]>());
    }

    private async Task<bool> IsLastAdminAsync(SotpUser user, CancellationToken cancellationToken)
    {
        var admins = await users.GetUsersInRoleAsync(SotpRoles.Admin);
        return !admins.Any(a => a.Id != user.Id && a.DisabledAt is null);
    }

    private UserSummary Summary(SotpUser u, IReadOnlyList<string> roles) =>
        new(u.Id, u.UserName!, [.. roles.Order()], u.DisabledAt is not null, u.LockoutEnd is { } end && end > time.GetUtcNow() ? end : null,
            u.TwoFactorEnabled, u.CreatedAt);
}
