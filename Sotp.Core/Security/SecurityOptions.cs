using System.ComponentModel.DataAnnotations;

namespace Sotp.Core.Security;

/// <summary>Options of the <c>Sotp:Security</c> section: sessions, tokens and lockout.</summary>
public sealed class SecurityOptions
{
    public const string SectionName = "Sotp:Security";

    /// <summary>A browser session without user activity for this long is signed out.</summary>
    [Range(1, 1440)]
    public int IdleTimeoutMinutes { get; set; } = 30;

    /// <summary>Lifetime of the bearer tokens issued by <c>POST /api/v1/auth/login</c>.</summary>
    [Range(1, 1440)]
    public int AccessTokenLifetimeMinutes { get; set; } = 60;

    /// <summary>Failed sign-ins in a row that lock an account (OWASP ASVS asks for a limit; 5 by default).</summary>
    [Range(3, 20)]
    public int MaxFailedAccessAttempts { get; set; } = 5;

    [Range(1, 1440)]
    public int LockoutMinutes { get; set; } = 15;

    /// <summary>
    /// How often live sessions re-check their user: a disabled user, a removed role or ended sessions take effect
    /// within this time on open pages (and on the next request of a browser).
    /// </summary>
    [Range(1, 60)]
    public int RevalidationSeconds { get; set; } = 30;

    /// <summary>Open console pages (live circuits) one user may have on one server; more show only a message.</summary>
    [Range(1, 1000)]
    public int MaxCircuitsPerUser { get; set; } = 20;

    /// <summary>Sign-in attempts (page and API together) allowed per client address and minute; more get 429.</summary>
    [Range(1, 1000)]
    public int SignInAttemptsPerMinute { get; set; } = 10;
}

/// <summary>Options of the <c>Sotp:Bootstrap</c> section: how the first administrator comes to be.</summary>
public sealed class BootstrapOptions
{
    public const string SectionName = "Sotp:Bootstrap";

    /// <summary>The user name of the administrator created from <see cref="AdminPassword"/> or the setup page.</summary>
    public const string AdminUserName = "admin";

    /// <summary>
    /// A secret (environment variable <c>Sotp__Bootstrap__AdminPassword</c> or a mounted file): when set and no
    /// administrator exists, the user <c>admin</c> is created with it. Never put it in an appsettings file.
    /// </summary>
    public string? AdminPassword { get; set; }

    /// <summary>How long the one-time setup link printed to the log stays valid.</summary>
    [Range(5, 10080)]
    public int SetupTokenLifetimeMinutes { get; set; } = 1440;
}
