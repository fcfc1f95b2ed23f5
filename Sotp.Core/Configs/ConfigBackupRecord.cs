namespace Sotp.Core.Configs;

public enum ConfigBackupOutcome
{
    /// <summary>The configuration changed: a new version was committed.</summary>
    Changed,

    /// <summary>The same configuration as the last version: nothing committed.</summary>
    Unchanged,

    /// <summary>No configuration could be read; the previous version stays.</summary>
    Failed,
}

/// <summary>One backup attempt of one device, whatever came of it: the list behind a device's configuration history.</summary>
public sealed class ConfigBackupRecord
{
    public long Id { get; set; }

    public int DeviceId { get; set; }

    public DateTimeOffset At { get; set; }

    /// <summary>What started it: "scheduled", "on demand", "configuration change (CONFIG_I)".</summary>
    public required string Trigger { get; set; }

    /// <summary>Who asked, for a backup on demand; the job otherwise.</summary>
    public required string RequestedBy { get; set; }

    public ConfigBackupOutcome Outcome { get; set; }

    /// <summary>The commit of a changed configuration.</summary>
    public string? Commit { get; set; }

    public int LinesAdded { get; set; }

    public int LinesRemoved { get; set; }

    /// <summary>Why it failed, in words.</summary>
    public string? Error { get; set; }
}

/// <summary>The installation's key for secret markers, protected by ASP.NET Data Protection; one row.</summary>
public sealed class ConfigMaskingKey
{
    public int Id { get; set; }

    public required string ProtectedKey { get; set; }
}
