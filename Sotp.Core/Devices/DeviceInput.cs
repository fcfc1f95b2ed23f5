namespace Sotp.Core.Devices;

/// <summary>What a person or script submits to create or change a device.</summary>
public sealed record DeviceInput
{
    public string? Name { get; init; }

    public string? Address { get; init; }

    public string? Kind { get; init; }

    public string? Platform { get; init; }

    public string? Site { get; init; }

    public IReadOnlyList<string>? Tags { get; init; }

    public string? Description { get; init; }

    public bool Monitored { get; init; } = true;

    public int? PingIntervalSeconds { get; init; }

    /// <summary>The availability target in percent; empty: the site's or the default.</summary>
    public double? SloPercent { get; init; }

    /// <summary>Hours between scheduled configuration backups; empty: the default (daily); 0: none.</summary>
    public int? ConfigBackupHours { get; init; }
}
