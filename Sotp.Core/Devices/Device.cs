namespace Sotp.Core.Devices;

/// <summary>What a device is, for icons, filters and reports.</summary>
public enum DeviceKind
{
    Router,
    Switch,
    Firewall,
    Server,
    Sensor,
    Database,
    Other,
}

/// <summary>
/// A monitored network device. Deleting one archives it (<see cref="ArchivedAt"/>), so its history keeps
/// counting in availability reports.
/// </summary>
public sealed class Device
{
    public int Id { get; set; }

    public required string Name { get; set; }

    /// <summary>Management address: an IPv4 or IPv6 literal, or a DNS name.</summary>
    public required string Address { get; set; }

    public DeviceKind Kind { get; set; }

    /// <summary>Software platform, e.g. <c>cisco-ios</c>, <c>junos</c>, <c>frr</c>, <c>linux</c>, <c>generic</c>.</summary>
    public string Platform { get; set; } = DevicePlatforms.Generic;

    public string? Site { get; set; }

    public List<string> Tags { get; set; } = [];

    public string? Description { get; set; }

    public bool Monitored { get; set; } = true;

    /// <summary>Overrides the default ping interval for this device.</summary>
    public int? PingIntervalSeconds { get; set; }

    /// <summary>Seeded for newcomers by <c>Sotp:Demo</c>; shown with a demo badge.</summary>
    public bool IsDemo { get; set; }

    /// <summary>The device's availability target in percent; its site's (or the default) when null.</summary>
    public double? SloPercent { get; set; }

    /// <summary>Hours between scheduled configuration backups; null: <c>Sotp:Configs:BackupEveryHours</c>; 0: none.</summary>
    public int? ConfigBackupHours { get; set; }

    public DateTimeOffset CreatedAt { get; set; }

    public DateTimeOffset UpdatedAt { get; set; }

    public DateTimeOffset? ArchivedAt { get; set; }
}

/// <summary>The platform names SOTP knows; others are accepted if they look like a platform name.</summary>
public static class DevicePlatforms
{
    public const string Generic = "generic";

    public static IReadOnlyList<string> Known { get; } =
        ["cisco-ios", "cisco-iosxe", "cisco-nxos", "junos", "arista-eos", "huawei-vrp", "h3c-comware", "frr", "linux", "windows", "routeros", "generic"];
}
