namespace Sotp.Core.Metrics;

/// <summary>
/// One interface's live state: status, speed, rates (null while unknown) and error counters. <see cref="ReceivedBytes"/>
/// and <see cref="SentBytes"/> add up the traffic measured since this process began watching: they never wrap or
/// reset with the device's counters, so Prometheus's <c>rate()</c> reads them without gaps.
/// </summary>
public sealed record InterfaceVitals(
    int IfIndex,
    string Name,
    string? Alias,
    double SpeedBps,
    int AdminStatus,
    int OperStatus,
    double? InBps,
    double? OutBps,
    ulong InErrors,
    ulong OutErrors,
    ulong InDiscards,
    ulong OutDiscards,
    double ReceivedBytes = 0,
    double SentBytes = 0)
{
    public InterfaceCondition Condition => InterfaceStatus.Condition(AdminStatus, OperStatus);

    /// <summary>"admin down", or the IF-MIB name of the oper state (<see cref="InterfaceStatus"/>).</summary>
    public string StatusName => InterfaceStatus.Describe(AdminStatus, OperStatus);

    /// <summary>The busier direction as a share of the speed; null when the speed or the rates are unknown.</summary>
    public double? UtilizationPercent => SpeedBps > 0 && (InBps is not null || OutBps is not null)
        ? 100 * Math.Max(InBps ?? 0, OutBps ?? 0) / SpeedBps
        : null;
}

/// <summary>A device's latest vital signs as pages and the API show them; <see cref="Error"/> when the last poll failed.</summary>
public sealed record DeviceVitals(
    int DeviceId,
    DateTimeOffset PolledAt,
    double? CpuPercent,
    double? MemoryPercent,
    double? UptimeSeconds,
    IReadOnlyList<InterfaceVitals> Interfaces,
    string? Error = null);

/// <summary>One point of a metric series.</summary>
public readonly record struct MetricPoint(DateTimeOffset At, double? Value);

/// <summary>The names of a device's live series.</summary>
public static class MetricSeries
{
    public const string Cpu = "cpu";
    public const string Memory = "memory";

    public static string InterfaceIn(int ifIndex) => $"if.{ifIndex}.in";

    public static string InterfaceOut(int ifIndex) => $"if.{ifIndex}.out";
}
