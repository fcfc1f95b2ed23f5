using System.Security.Cryptography;
using System.Text;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Sotp.Core.Persistence;

namespace Sotp.Core.Security;

/// <summary>What a presented setup token is worth.</summary>
public enum SetupTokenState
{
    Valid,
    Unknown,
    Expired,
    Used,
}

/// <summary>Issues, checks and consumes the one-time tokens of the first-run setup page.</summary>
public sealed class SetupTokenService(
    IDbContextFactory<SotpDbContext> contexts, IOptions<BootstrapOptions> options, TimeProvider time)
{
    /// <summary>Creates a new random token, stores its hash and returns the token itself (shown once).</summary>
    public async Task<string> IssueAsync(CancellationToken cancellationToken)
    {
        var token = Base64Url(RandomNumberGenerator.GetBytes(32));
        var now = time.GetUtcNow();
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        db.SetupTokens.Add(new SetupToken
        {
            TokenHash = Hash(token),
            CreatedAt = now,
            ExpiresAt = now.AddMinutes(options.Value.SetupTokenLifetimeMinutes),
        });
        await db.SaveChangesAsync(cancellationToken);
        return token;
    }

    public async Task<SetupTokenState> CheckAsync(string? token, CancellationToken cancellationToken)
    {
        if (string.IsNullOrWhiteSpace(token))
        {
            return SetupTokenState.Unknown;
        }

        var hash = Hash(token);
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var row = await db.SetupTokens.AsNoTracking().SingleOrDefaultAsync(t => t.TokenHash == hash, cancellationToken);
        return row switch
        {
            null => SetupTokenState.Unknown,
            { UsedAt: not null } => SetupTokenState.Used,
            _ when row.ExpiresAt <= time.GetUtcNow() => SetupTokenState.Expired,
            _ => SetupTokenState.Valid,
        };
    }

    /// <summary>Marks the token used, atomically: of two visitors racing with one token, only one wins.</summary>
    public async Task<bool> TryConsumeAsync(string token, CancellationToken cancellationToken)
    {
        var hash = Hash(token);
        var now = time.GetUtcNow();
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var changed = await db.SetupTokens
            .Where(t => t.TokenHash == hash && t.UsedAt == null && t.ExpiresAt > now)
            .ExecuteUpdateAsync(s => s.SetProperty(t => t.UsedAt, now), cancellationToken);
        return changed == 1;
    }

    /// <summary>Gives a consumed token back when creating the administrator failed after all.</summary>
    public async Task ReleaseAsync(string token, CancellationToken cancellationToken)
    {
        var hash = Hash(token);
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        await db.SetupTokens.Where(t => t.TokenHash == hash)
            .ExecuteUpdateAsync(s => s.SetProperty(t => t.UsedAt, (DateTimeOffset?)null), cancellationToken);
    }

    private static string Hash(string token) =>
        Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(token.Trim())));

    private static string Base64Url(byte[] bytes) =>
        Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');
}
