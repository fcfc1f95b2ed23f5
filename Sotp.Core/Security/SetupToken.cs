namespace Sotp.Core.Security;

/// <summary>
/// A one-time token that lets the first visitor create the administrator when no bootstrap password was given.
/// Only the SHA-256 hash of the token is stored.
/// </summary>
public sealed class SetupToken
{
    public int Id { get; set; }

    public required string TokenHash { get; set; }

    public DateTimeOffset CreatedAt { get; set; }

    public DateTimeOffset ExpiresAt { get; set; }

    public DateTimeOffset? UsedAt { get; set; }
}
