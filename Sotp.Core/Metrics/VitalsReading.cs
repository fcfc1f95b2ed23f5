namespace Sotp.Core.Metrics;

/// <summary>One interface as read from the agent (IF-MIB ifTable and ifXTable), counters raw.</summary>
public sealed record InterfaceReading(
    int IfIndex,
    string Name,
    string? Alias,
    double SpeedBps,
    int AdminStatus,
    int OperStatus,
    ulong InOctets,
    ulong OutOctets,
    bool HighCapacity,
    ulong InErrors,
    ulong OutErrors,
    ulong InDiscards,
    ulong OutDiscards,
    uint DiscontinuityTicks);

/// <summary>One poll of a device's vital signs, before rates are worked out.</summary>
public sealed record VitalsReading(
    DateTimeOffset At,
    uint UptimeTicks,
    string? SysName,
    string? SysDescr,
    double? CpuPercent,
    string? CpuSource,
    double? MemoryPercent,
    string? MemorySource,
    IReadOnlyList<InterfaceReading> Interfaces);
