namespace Sotp.Core.Security;

/// <summary>One role holding one permission.</summary>
public sealed class RolePermission
{
    public required string Role { get; set; }

    public required string Permission { get; set; }
}
