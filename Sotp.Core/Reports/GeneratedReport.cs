namespace Sotp.Core.Reports;

public enum ReportStatus
{
    Queued,
    Running,
    Done,
    Failed,
}

/// <summary>
/// A report someone (or the monthly job) asked for: its request, how it went, the headline figures for lists, and the
/// PDF, saved in the same write that marks it done, so a failed or unfinished report never offers a file.
/// </summary>
public sealed class GeneratedReport
{
    public long Id { get; set; }

    /// <summary>"2026-10".</summary>
    public required string Month { get; set; }

    public required string TimeZone { get; set; }

    public ReportScope Scope { get; set; } = new();

    public ReportStatus Status { get; set; }

    /// <summary>Why it failed, in words.</summary>
    public string? Error { get; set; }

    /// <summary>Who asked: a person's name, a token's, or the job ("job: monthly report").</summary>
    public required string RequestedBy { get; set; }

    public DateTimeOffset RequestedAt { get; set; }

    public DateTimeOffset? CompletedAt { get; set; }

    /// <summary>The month was under way when it was computed: figures to that moment.</summary>
    public bool MonthToDate { get; set; }

    public double? AvailabilityPercent { get; set; }

    public double SloPercent { get; set; }

    public int Devices { get; set; }

    public int Outages { get; set; }

    public byte[]? Pdf { get; set; }

    public long PdfBytes { get; set; }
}
