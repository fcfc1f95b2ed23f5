using System.Security.Cryptography;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.EntityFrameworkCore;
using Sotp.Core.Persistence;

namespace Sotp.Core.Configs;

/// <summary>
/// The key secret markers are made with (<see cref="ConfigRules.Marker"/>): made once per installation, kept in the
/// database protected by Data Protection (whose keys <c>Sotp:Secrets:KeyEncryptionKey</c> protects), the same in every
/// process, so one secret has one marker everywhere. Without it, the markers of a weak password could be guessed.
/// </summary>
public sealed class ConfigKeys(IDbContextFactory<SotpDbContext> contexts, IDataProtectionProvider protection)
{
    private readonly IDataProtector _protector = protection.CreateProtector("Sotp.Configs.MaskingKey.v1");
    private byte[]? _key;

    public async Task<byte[]> GetAsync(CancellationToken cancellationToken)
    {
        if (_key is { } known)
        {
            return known;
        }

        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        if (await db.ConfigMaskingKeys.AsNoTracking().OrderBy(k => k.Id).FirstOrDefaultAsync(cancellationToken) is not { } row)
        {
            db.ConfigMaskingKeys.Add(new ConfigMaskingKey { Id = 1, ProtectedKey = Convert.ToBase64String(_protector.Protect(RandomNumberGenerator.GetBytes(32))) });
            try
            {
                await db.SaveChangesAsync(cancellationToken);
            }
            catch (DbUpdateException)
            {
                // Another process made it first: theirs is the key.
            }

            await using var again = await contexts.CreateDbContextAsync(cancellationToken);
            row = await again.ConfigMaskingKeys.AsNoTracking().OrderBy(k => k.Id).FirstAsync(cancellationToken);
        }

        return _key = _protector.Unprotect(Convert.FromBase64String(row.ProtectedKey));
    }
}
