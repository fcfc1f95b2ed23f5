using Microsoft.AspNetCore.Identity;

namespace Sotp.Core.Security;

/// <summary>A person (or script owner) who signs in to SOTP.</summary>
public sealed class SotpUser : IdentityUser
{
    public SotpUser()
    {
    }

    public SotpUser(string userName) : base(userName)
    {
    }

    /// <summary>Dark mode is the default for a console watched in a dim operations room.</summary>
    public bool PrefersDarkMode { get; set; } = true;

    public DateTimeOffset CreatedAt { get; set; }

    /// <summary>Set when an Admin disables the account: no sign-in, no token, live sessions end.</summary>
    public DateTimeOffset? DisabledAt { get; set; }
}
