using System.ComponentModel.DataAnnotations;

namespace Sotp.Core.Status;

/// <summary>Options of the <c>Sotp:Reachability</c> section: how devices are pinged and judged.</summary>
public sealed class ReachabilityOptions
{
    public const string SectionName = "Sotp:Reachability";

    /// <summary>Ping interval of a device without its own.</summary>
    [Range(1, 3600)]
    public int DefaultIntervalSeconds { get; set; } = 10;

    /// <summary>How long a probe waits for its echo reply.</summary>
    [Range(50, 10000)]
    public int TimeoutMilliseconds { get; set; } = 1000;

    /// <summary>Lost probes in a row that make an Up (or Unknown) device Down.</summary>
    [Range(1, 100)]
    public int DownAfterLost { get; set; } = 3;

    /// <summary>
    /// After a lost probe of a device not yet Down, the next probe comes this soon instead of a whole interval
    /// later, so a device that stopped answering is judged Down in seconds. 0 turns it off.
    /// </summary>
    [Range(0, 60000)]
    public int ConfirmAfterLossMilliseconds { get; set; } = 1000;

    /// <summary>Answered probes in a row that make a Down (or Unknown) device Up.</summary>
    [Range(1, 100)]
    public int UpAfterAnswered { get; set; } = 1;

    /// <summary>Loss percent is measured over this many most recent probes.</summary>
    [Range(1, 1000)]
    public int LossWindow { get; set; } = 10;

    /// <summary>Minutes of RTT and loss kept in memory per device for live charts.</summary>
    [Range(1, 1440)]
    public int LiveWindowMinutes { get; set; } = 60;
}
