namespace Sotp.Core.Security;

/// <summary>The roles SOTP seeds; permissions map onto them.</summary>
public static class SotpRoles
{
    public const string Admin = "Admin";
    public const string Engineer = "Engineer";
    public const string Auditor = "Auditor";
    public const string Manager = "Manager";

    public static IReadOnlyList<string> All { get; } = [Admin, Engineer, Auditor, Manager];

    /// <summary>Why a list of role names is refused, or null when every name is a role.</summary>
    public static string? Unknown(IEnumerable<string> roles) =>
        roles.FirstOrDefault(r => !All.Contains(r)) is { } unknown ? $"There is no role \"{unknown}\"; roles are {string.Join(", ", All)}." : null;
}
