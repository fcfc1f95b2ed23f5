using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Sotp.Core.Security;

/// <summary>How the first run ended up with (or without) an administrator.</summary>
public enum BootstrapOutcome
{
    AdministratorExists,
    CreatedFromSecret,
    AwaitingSetup,
}

/// <summary>
/// Seeds the roles and makes sure an administrator can come to be without any default password:
/// from the <c>Sotp:Bootstrap:AdminPassword</c> secret, or through the one-time setup page.
/// </summary>
public sealed partial class AdministratorBootstrap(
    UserManager<SotpUser> users,
    RoleManager<IdentityRole> roles,
    IOptions<BootstrapOptions> options,
    TimeProvider time,
    ILogger<AdministratorBootstrap> logger)
{
    public async Task<BootstrapOutcome> RunAsync(CancellationToken cancellationToken)
    {
        foreach (var role in SotpRoles.All)
        {
            if (!await roles.RoleExistsAsync(role))
            {
                ThrowIfFailed(await roles.CreateAsync(new IdentityRole(role)), $"create the role {role}");
            }
        }

        if (await AdministratorExistsAsync())
        {
            return BootstrapOutcome.AdministratorExists;
        }

        var password = options.Value.AdminPassword;
        if (string.IsNullOrEmpty(password))
        {
            return BootstrapOutcome.AwaitingSetup;
        }

        var result = await CreateAdministratorAsync(BootstrapOptions.AdminUserName, password);
        ThrowIfFailed(result, "create the administrator from Sotp:Bootstrap:AdminPassword");
        LogAdministratorCreated(logger, BootstrapOptions.AdminUserName);
        return BootstrapOutcome.CreatedFromSecret;
    }

    public async Task<bool> AdministratorExistsAsync() => (await users.GetUsersInRoleAsync(SotpRoles.Admin)).Count > 0;

    /// <summary>Creates a user in the Admin role; the password must pass <see cref="PasswordPolicy"/>.</summary>
    public async Task<IdentityResult> CreateAdministratorAsync(string userName, string password)
    {
        var user = new SotpUser(userName) { CreatedAt = time.GetUtcNow(), LockoutEnabled = true };
        var created = await users.CreateAsync(user, password);
        if (!created.Succeeded)
        {
            return created;
        }

        return await users.AddToRoleAsync(user, SotpRoles.Admin);
    }

    private static void ThrowIfFailed(IdentityResult result, string what)
    {
        if (!result.Succeeded)
        {
            // Descriptions never contain the password itself.
            throw new InvalidOperationException(
                $"SOTP could not {what}: {string.Join(" ", result.Errors.Select(e => e.Description))}");
        }
    }

    [LoggerMessage(EventId = 1001, Level = LogLevel.Information, Message = "Created the administrator '{UserName}' from the bootstrap secret")]
    private static partial void LogAdministratorCreated(ILogger logger, string userName);
}
