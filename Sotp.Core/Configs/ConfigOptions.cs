using System.ComponentModel.DataAnnotations;

namespace Sotp.Core.Configs;

/// <summary><c>Sotp:Configs</c>: where configuration history is kept, and how long and how much a backup may take.</summary>
public sealed class ConfigOptions
{
    public const string SectionName = "Sotp:Configs";

    /// <summary>The git repository's folder, relative to the data directory (<c>Sotp:Database:DataDirectory</c>) unless absolute.</summary>
    public string RepositoryFolder { get; set; } = "configs";

    /// <summary>A backup that has not finished printing the configuration by then fails (the previous version stays).</summary>
    [Range(5, 3600)]
    public int TimeoutSeconds { get; set; } = 120;

    /// <summary>A configuration larger than this is refused (the previous version stays).</summary>
    [Range(1, 1024)]
    public int MaxMegabytes { get; set; } = 50;

    /// <summary>Hours between scheduled backups of a device with SSH settings (a device may set its own); 0: none.</summary>
    [Range(0, 720)]
    public int BackupEveryHours { get; set; } = 24;

    /// <summary>
    /// After a device reports a configuration change, the backup waits this long for the typing to stop (FRR logs every
    /// command): one backup per change session, at most <see cref="ChangeSettleMaxSeconds"/> after the first line.
    /// </summary>
    [Range(0, 3600)]
    public int ChangeSettleSeconds { get; set; } = 30;

    /// <summary>A change session that goes on longer is backed up anyway, this long after its first line.</summary>
    [Range(0, 86400)]
    public int ChangeSettleMaxSeconds { get; set; } = 300;

    /// <summary>A git remote the history is pushed to after each new version (https://..., ssh://..., a path); none when empty.</summary>
    public string? RemoteUrl { get; set; }

    /// <summary>The user name for an https remote.</summary>
    public string? RemoteUserName { get; set; }

    /// <summary>A secret reference (secret://env/..., secret://file/..., vault:...) for the remote's password or token, never the value.</summary>
    public string? RemotePasswordSecret { get; set; }

    /// <summary>Backups made at the same time by one collector.</summary>
    [Range(1, 64)]
    public int Parallel { get; set; } = 4;
}
