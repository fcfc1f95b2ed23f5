using Microsoft.EntityFrameworkCore;
using Sotp.Core.Persistence;

namespace Sotp.Core.Security;

/// <summary>Reads and saves the per-user choices of the console (for now: dark or light mode).</summary>
public sealed class UserPreferenceStore(IDbContextFactory<SotpDbContext> contexts)
{
    public async Task<bool> GetDarkModeAsync(string userId, CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var preference = await db.Users.Where(u => u.Id == userId)
            .Select(u => (bool?)u.PrefersDarkMode).SingleOrDefaultAsync(cancellationToken);
        return preference ?? true;
    }

    public async Task SetDarkModeAsync(string userId, bool darkMode, CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        await db.Users.Where(u => u.Id == userId)
            .ExecuteUpdateAsync(s => s.SetProperty(u => u.PrefersDarkMode, darkMode), cancellationToken);
    }
}
