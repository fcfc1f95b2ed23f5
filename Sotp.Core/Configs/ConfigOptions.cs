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
}
