namespace Sotp.Core.Security;

/// <summary>What an Admin decided for a role beyond its permissions.</summary>
public sealed class RoleSetting
{
    public required string Role { get; set; }

    /// <summary>Members must sign in with an authenticator code; until they set one up they see only that page.</summary>
    public bool RequireTwoFactor { get; set; }
}
