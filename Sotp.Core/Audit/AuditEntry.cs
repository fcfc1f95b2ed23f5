namespace Sotp.Core.Audit;

/// <summary>
/// One line of the audit trail. Append-only: each entry carries the hash of the one before it and a hash of
/// its own fields, so editing, deleting or inserting a row breaks the chain where it happened.
/// </summary>
public sealed class AuditEntry
{
    public long Id { get; set; }

    /// <summary>Position in the chain: 1, 2, 3, ... without gaps (unique).</summary>
    public long Sequence { get; set; }

    public DateTimeOffset At { get; set; }

    /// <summary>The user name, or "system" for jobs and automatic actions.</summary>
    public required string Actor { get; set; }

    /// <summary>The actor's roles at the time, comma-separated.</summary>
    public string Roles { get; set; } = "";

    /// <summary>"UI", "API", "API token: name", "job: name", ...</summary>
    public required string Source { get; set; }

    public string? ClientIp { get; set; }

    /// <summary>Dotted verb, e.g. "device.update", "auth.sign-in", "audit.export".</summary>
    public required string Action { get; set; }

    public string? TargetType { get; set; }

    public string? TargetId { get; set; }

    public string? TargetName { get; set; }

    /// <summary>The target's values before the change, as JSON (null for creations and non-changes).</summary>
    public string? Before { get; set; }

    /// <summary>The target's values after the change, as JSON.</summary>
    public string? After { get; set; }

    /// <summary>"success", "failure" or "denied", with detail after a colon when there is some.</summary>
    public required string Result { get; set; }

    public string? TraceId { get; set; }

    /// <summary>Hex SHA-256 of the previous entry (64 zeros for the first).</summary>
    public required string PreviousHash { get; set; }

    /// <summary>Hex SHA-256 of this entry's fields and <see cref="PreviousHash"/>.</summary>
    public required string Hash { get; set; }
}
