namespace Sotp.Core.Security;

/// <summary>The roles SOTP seeds; permissions map onto them.</summary>
public static class SotpRoles
{
    public const string Admin = "Admin";
    public const string Engineer = "Engineer";
    public const string Auditor = "Auditor";
    public const string Manager = "Manager";

    public static IReadOnlyList<string> All { get; } = [Admin, Engineer, Auditor, Manager];
}
