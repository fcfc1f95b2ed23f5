namespace Sotp.Core.Security;

/// <summary>
/// Named permissions, each an authorization policy of the same name. Every page, endpoint and action asks for
/// a permission, never for a role; which roles hold which permission is decided in one place.
/// </summary>
public static class SotpPermissions
{
    public const string DevicesRead = "devices.read";
    public const string DevicesWrite = "devices.write";

    /// <summary>The roles that hold each permission.</summary>
    public static IReadOnlyDictionary<string, string[]> RolesHolding { get; } = new Dictionary<string, string[]>
    {
        [DevicesRead] = [SotpRoles.Admin, SotpRoles.Engineer, SotpRoles.Auditor, SotpRoles.Manager],
        [DevicesWrite] = [SotpRoles.Admin, SotpRoles.Engineer],
    };
}
