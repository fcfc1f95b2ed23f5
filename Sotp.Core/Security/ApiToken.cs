namespace Sotp.Core.Security;

/// <summary>
/// A personal access token for scripts: only its SHA-256 is stored (the token is 256 random bits, shown once).
/// Its scope is a subset of the owner's permissions, checked again at every use.
/// </summary>
public sealed class ApiToken
{
    public const string Prefix = "sotp_pat_";

    public int Id { get; set; }

    public required string UserId { get; set; }

    public required string Name { get; set; }

    /// <summary>The first characters after the prefix, so a person can tell tokens apart.</summary>
    public required string Hint { get; set; }

    /// <summary>Hex SHA-256 of the whole token.</summary>
    public required string Hash { get; set; }

    /// <summary>Permission names, comma-separated.</summary>
    public required string Scopes { get; set; }

    public DateTimeOffset CreatedAt { get; set; }

    public DateTimeOffset ExpiresAt { get; set; }

    public DateTimeOffset? LastUsedAt { get; set; }

    public DateTimeOffset? RevokedAt { get; set; }

    public IReadOnlyList<string> ScopeList => Scopes.Split(',', StringSplitOptions.RemoveEmptyEntries);
}
