using System.Security.Cryptography;
using System.Text;
using Microsoft.EntityFrameworkCore;
using Sotp.Core.Audit;
using Sotp.Core.Persistence;

namespace Sotp.Core.Security;

/// <summary>What someone asks for when creating a token.</summary>
public sealed record ApiTokenRequest(string? Name, IReadOnlyList<string>? Scopes, int ExpiresInDays = 90);

/// <summary>A created token: the secret text (shown once, never again) and its stored record.</summary>
public sealed record IssuedApiToken(string Token, ApiToken Record);

/// <summary>Issues, finds, lists and revokes personal access tokens; every change is audited.</summary>
public sealed class ApiTokenService(IDbContextFactory<SotpDbContext> contexts, PermissionMap permissions, AuditTrail audit, TimeProvider time)
{
    public const int NameMaxLength = 64;
    public const int MaxLifetimeDays = 366;

    /// <summary>Last-used times are written at most this often per token, not on every request.</summary>
    private static readonly TimeSpan LastUsedPrecision = TimeSpan.FromMinutes(1);

    public async Task<(IssuedApiToken? Token, Dictionary<string, string[]> Errors)> CreateAsync(
        string userId, IReadOnlyList<string> ownerRoles, ApiTokenRequest request, AuditActor actor, CancellationToken cancellationToken)
    {
        var errors = new Dictionary<string, string[]>();
        var name = request.Name?.Trim() ?? "";
        if (name.Length is 0 or > NameMaxLength)
        {
            errors["name"] = [$"Give the token a name of 1 to {NameMaxLength} characters, e.g. the script that uses it."];
        }

        var scopes = (request.Scopes ?? []).Select(s => s.Trim()).Distinct().ToArray();
        var held = await permissions.PermissionsOfAsync(ownerRoles, cancellationToken);
        if (scopes.Length == 0)
        {
            errors["scopes"] = ["Choose at least one permission for the token."];
        }
        else if (scopes.FirstOrDefault(s => !SotpPermissions.IsKnown(s)) is { } unknown)
        {
            errors["scopes"] = [$"There is no permission \"{unknown}\"."];
        }
        else if (scopes.Where(s => !held.Contains(s)).ToArray() is { Length: > 0 } beyond)
        {
            errors["scopes"] = [$"A token cannot have more than its owner: you do not hold {string.Join(", ", beyond)}."];
        }

        if (request.ExpiresInDays is < 1 or > MaxLifetimeDays)
        {
            errors["expiresInDays"] = [$"A token lives 1 to {MaxLifetimeDays} days."];
        }

        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        if (errors.Count == 0 && await db.ApiTokens.AnyAsync(t => t.UserId == userId && t.Name == name && t.RevokedAt == null, cancellationToken))
        {
            errors["name"] = [$"You already have a token named \"{name}\"."];
        }

        if (errors.Count > 0)
        {
            await audit.WriteAsync(new AuditRecord(actor, "token.create", "token", null, name, After: new { scopes },
                Result: AuditResults.Failed(string.Join(" ", errors.Values.SelectMany(v => v)))), cancellationToken);
            return (null, errors);
        }

        var secret = ApiToken.Prefix + Base64Url(RandomNumberGenerator.GetBytes(32));
        var now = time.GetUtcNow();
        var record = new ApiToken
        {
            UserId = userId,
            Name = name,
            Hint = secret.Substring(ApiToken.Prefix.Length, 6),
            Hash = HashOf(secret),
            Scopes = string.Join(",", scopes.Order()),
            CreatedAt = now,
            ExpiresAt = now.AddDays(request.ExpiresInDays),
        };
        db.ApiTokens.Add(record);
        await audit.SaveAsync(db, () => new AuditRecord(actor, "token.create", "token", AuditTrail.KeyOf(db, record),
            name, After: new { scopes = record.ScopeList, expiresAt = record.ExpiresAt }), cancellationToken);
        return (new IssuedApiToken(secret, record), errors);
    }

    public async Task<IReadOnlyList<ApiToken>> ListAsync(string userId, CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        return await db.ApiTokens.AsNoTracking().Where(t => t.UserId == userId).OrderByDescending(t => t.Id).ToListAsync(cancellationToken);
    }

    /// <summary>Revokes a token of <paramref name="userId"/>, or of anyone when <paramref name="userId"/> is null (Admin).</summary>
    public async Task<bool> RevokeAsync(int id, string? userId, AuditActor actor, CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var token = await db.ApiTokens.SingleOrDefaultAsync(t => t.Id == id && (userId == null || t.UserId == userId), cancellationToken);
        if (token is null)
        {
            return false;
        }

        if (token.RevokedAt is null)
        {
            token.RevokedAt = time.GetUtcNow();
            await audit.SaveAsync(db, new AuditRecord(actor, "token.revoke", "token", id.ToString(System.Globalization.CultureInfo.InvariantCulture), token.Name), cancellationToken);
        }

        return true;
    }

    /// <summary>The live token behind a presented secret, or why there is none.</summary>
    public async Task<(ApiToken? Token, string? Failure)> FindAsync(string presented, CancellationToken cancellationToken)
    {
        if (!presented.StartsWith(ApiToken.Prefix, StringComparison.Ordinal) || presented.Length > 100)
        {
            return (null, "not a SOTP access token");
        }

        var hash = HashOf(presented);
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var token = await db.ApiTokens.SingleOrDefaultAsync(t => t.Hash == hash, cancellationToken);
        var now = time.GetUtcNow();
        if (token is null)
        {
            return (null, "unknown token");
        }

        if (token.RevokedAt is not null)
        {
            return (null, "token revoked");
        }

        if (token.ExpiresAt <= now)
        {
            return (null, "token expired");
        }

        if (token.LastUsedAt is null || now - token.LastUsedAt > LastUsedPrecision)
        {
            token.LastUsedAt = now;
            await db.SaveChangesAsync(cancellationToken);
        }

        return (token, null);
    }

    private static string HashOf(string token) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(token)));

    private static string Base64Url(byte[] bytes) => Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');
}
